using System.Collections;
using System.Collections.Immutable;

namespace ModelGen.Generator.Model
{
    /// <summary>
    /// An immutable array compared by its elements. Arrays compare by reference, which would make
    /// every pipeline step look changed on every keystroke and defeat the incremental cache.
    /// </summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        private readonly T[]? _items;

        public EquatableArray(T[] items) => _items = items;

        public EquatableArray(IEnumerable<T> items) => _items = new List<T>(items).ToArray();

        public static EquatableArray<T> Empty => new(Array.Empty<T>());

        public int Count => _items?.Length ?? 0;

        public T this[int index] => _items![index];

        public bool Equals(EquatableArray<T> other)
        {
            int count = Count;
            if (count != other.Count) return false;
            for (int i = 0; i < count; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(_items![i], other._items![i])) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            int hash = 17;
            for (int i = 0; i < Count; i++)
            {
                hash = unchecked(hash * 31 + (_items![i]?.GetHashCode() ?? 0));
            }
            return hash;
        }

        public ImmutableArray<T> AsImmutableArray() => _items is null ? ImmutableArray<T>.Empty : ImmutableArray.Create(_items);

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
    }
}
