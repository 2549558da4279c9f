using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using ModelGen.Generator.Model;

namespace ModelGen.Generator.Parsing
{
    /// <summary>
    /// Reads one layer attribute's constructor and named arguments into a <see cref="LayerSpec"/>.
    /// Values are only read here; whether they make sense is shape inference's question.
    /// </summary>
    internal static class LayerArguments
    {
        /// <summary>The constructor each kind expects, as users write it (for MG0009).</summary>
        public static string ExpectedSignature(LayerKind kind) => kind switch
        {
            LayerKind.Dense => "Dense(int units)",
            LayerKind.Conv => "Conv(int filters, int size)",
            LayerKind.MaxPool => "MaxPool(int size)",
            LayerKind.AvgPool => "AvgPool(int size)",
            LayerKind.Dropout => "Dropout(double ratio)",
            _ => kind + " with no arguments",
        };

        public static LayerSpec Read(AttributeData data, LayerKind kind, int position, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            var spec = new LayerSpec(kind, position, location);

            // A constructor that did not bind (wrong argument types) leaves no constructor and
            // no arguments; C# reports its own error, ours says what the layer expects.
            if (data.AttributeConstructor is null || HasErrors(data))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableAttribute, location, spec.Describe(), ExpectedSignature(kind)));
                return spec;
            }

            var args = data.ConstructorArguments;
            spec = kind switch
            {
                LayerKind.Dense => spec with { Units = IntAt(args, 0) },
                LayerKind.Conv => spec with { Filters = IntAt(args, 0), Size = IntAt(args, 1), Stride = 1 },
                LayerKind.MaxPool or LayerKind.AvgPool => spec with { Size = IntAt(args, 0), Stride = IntAt(args, 0) },
                LayerKind.Dropout => spec with { Ratio = args.Length > 0 && args[0].Value is double r ? r : double.NaN },
                _ => spec,
            };

            foreach (var named in data.NamedArguments)
            {
                object? value = named.Value.Value;
                spec = (named.Key, value) switch
                {
                    ("Stride", int stride) => spec with { Stride = stride },
                    ("Pad", int pad) => spec with { Pad = pad },
                    ("Init", int init) => spec with { Init = (InitKind)init },
                    ("Std", double std) => spec with { Std = std },
                    _ => spec,
                };
            }
            return spec;
        }

        private static int IntAt(System.Collections.Immutable.ImmutableArray<TypedConstant> args, int index)
            => index < args.Length && args[index].Value is int value ? value : 0;

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
