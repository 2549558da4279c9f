using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Parsing
{
    /// <summary>
    /// One layer attribute's arguments as a layer kind reads them: constructor arguments by
    /// position, named ones by name, each with a fallback when absent or of another type. Values
    /// are only read here; whether they make sense is the kind's question at shape inference.
    /// </summary>
    internal sealed class LayerArguments
    {
        private readonly AttributeData _data;

        public LayerArguments(AttributeData data, int position, LocationInfo? location)
        {
            _data = data;
            Position = position;
            Location = location;
        }

        /// <summary>1-based, in source order.</summary>
        public int Position { get; }

        public LocationInfo? Location { get; }

        /// <summary>
        /// False when the attribute did not bind (arguments of the wrong type): the compiler
        /// reports its own error, and the parser adds MG0009 saying what the layer expects.
        /// </summary>
        public bool Bound => _data.AttributeConstructor is not null && !HasErrors(_data);

        public int Int(int index) => At(index) is int value ? value : 0;

        /// <summary>A double argument; NaN when absent, which every range check rejects.</summary>
        public double Double(int index) => At(index) is double value ? value : double.NaN;

        public T Named<T>(string name, T fallback)
        {
            foreach (var named in _data.NamedArguments)
            {
                if (named.Key == name && named.Value.Value is T value) return value;
            }
            return fallback;
        }

        private object? At(int index)
        {
            ImmutableArray<TypedConstant> args = _data.ConstructorArguments;
            return index < args.Length ? args[index].Value : null;
        }

        private static bool HasErrors(AttributeData data)
        {
            foreach (var arg in data.ConstructorArguments)
                if (arg.Kind == TypedConstantKind.Error) return true;
            foreach (var named in data.NamedArguments)
                if (named.Value.Kind == TypedConstantKind.Error) return true;
            return false;
        }
    }
}
