using System.Runtime.InteropServices;
using ModelGen.Serialization;

namespace ModelGen.Tests.Fuzzing;

/// <summary>
/// What a mutated .npz holds, array by array: the original arrays, with a deliberate edit's
/// meaning in place of the edited one, under the names the mutated archive gives them. Zip
/// protects data with checksums but not names, so damage to the directory can rename an array;
/// a loader that then reads it under its new name reads the file right.
/// </summary>
public sealed class ExpectedArrays
{
    private readonly List<NpyArray> _original;
    private readonly EditedArray? _edit;
    private readonly List<string> _names;

    /// <param name="original">The unmutated file's arrays, in archive order.</param>
    /// <param name="edit">A deliberate edit's meaning, or null.</param>
    /// <param name="names">The array names the mutated archive lists, in order; null when it lists none that match the original one for one.</param>
    public ExpectedArrays(IReadOnlyDictionary<string, NpyArray> original, EditedArray? edit, IReadOnlyList<string>? names)
    {
        _original = [.. original.Values];
        _edit = edit;
        _names = names is not null && names.Count == _original.Count ? [.. names] : [.. original.Keys];
    }

    /// <summary>The arrays' names, as the mutated archive lists them.</summary>
    public IEnumerable<string> Names => _names;

    /// <summary>True when the edit's meaning is not worked out, so a loaded value of <paramref name="name"/> is not checked.</summary>
    public bool IsUnchecked(string name) => _edit is { Unchecked: true } && _edit.Name == OriginalName(name);

    /// <summary>True when a loader that reads the arrays <paramref name="reads"/> picks must refuse the file.</summary>
    public bool MustRefuse(Func<string, bool> reads) => _edit is { Unchecked: false, Values: null } && reads(_edit.Name);

    /// <summary>The shape and values a loader that accepted the file must give for <paramref name="name"/>.</summary>
    public (int[] Shape, float[] Values) this[string name]
    {
        get
        {
            NpyArray original = _original[_names.IndexOf(name)];
            return _edit is { Unchecked: false, Values: { } values } && _edit.Name == original.Name ? (_edit.Shape!, values) : (original.Shape, original.Data);
        }
    }

    /// <summary>Null when <paramref name="actual"/> is bit for bit what <paramref name="name"/> should hold, else what differs.</summary>
    public string? Differs(string name, ReadOnlySpan<float> actual)
    {
        if (IsUnchecked(name)) return null;
        if (!_names.Contains(name)) return $"{name} was loaded, but the file has no such array";
        float[] expected = this[name].Values;
        return MemoryMarshal.AsBytes(actual).SequenceEqual(MemoryMarshal.AsBytes(expected.AsSpan()))
            ? null
            : $"{name} holds other values than the file ({actual.Length} values, {expected.Length} expected)";
    }

    private string OriginalName(string name)
    {
        int index = _names.IndexOf(name);
        return index < 0 ? name : _original[index].Name;
    }
}
