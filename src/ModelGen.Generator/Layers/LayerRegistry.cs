using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// Every layer kind the generator knows, by the attribute that declares it. Adding a kind
    /// means one line here and one class in this folder (docs/architecture.md has the checklist).
    /// </summary>
    internal static class LayerRegistry
    {
        public static readonly IReadOnlyList<LayerKindInfo> Kinds = new[]
        {
            new LayerKindInfo("Dense", "Dense(int units)", DenseLayer.Read),
            new LayerKindInfo("Conv", "Conv(int filters, int size)", ConvLayer.Read),
            new LayerKindInfo("MaxPool", "MaxPool(int size)", MaxPoolLayer.Read),
            new LayerKindInfo("AvgPool", "AvgPool(int size)", AvgPoolLayer.Read),
            new LayerKindInfo("Relu", "Relu", args => new ActivationLayer(args.Position, args.Location, "Relu")),
            new LayerKindInfo("Sigmoid", "Sigmoid", args => new ActivationLayer(args.Position, args.Location, "Sigmoid")),
            new LayerKindInfo("Tanh", "Tanh", args => new ActivationLayer(args.Position, args.Location, "Tanh")),
            new LayerKindInfo("Step", "Step", args => new ActivationLayer(args.Position, args.Location, "Step")),
            new LayerKindInfo("Dropout", "Dropout(double ratio)", DropoutLayer.Read),
            new LayerKindInfo("BatchNorm", "BatchNorm", BatchNormLayer.Read),
            new LayerKindInfo("SoftmaxCrossEntropy", "SoftmaxCrossEntropy", args => new LossLayer(args.Position, args.Location, "SoftmaxCrossEntropy")),
            new LayerKindInfo("MeanSquaredError", "MeanSquaredError", args => new LossLayer(args.Position, args.Location, "MeanSquaredError")),
        };

        private static readonly Dictionary<string, LayerKindInfo> s_byAttribute = Kinds.ToDictionary(k => k.AttributeName, StringComparer.Ordinal);

        /// <summary>The kind declared by the attribute class of this metadata name, or null.</summary>
        public static LayerKindInfo? Find(string attributeName) => s_byAttribute.TryGetValue(attributeName, out var kind) ? kind : null;
    }

    /// <summary>A layer kind's entry: its attribute, its constructor as users write it, and its reader.</summary>
    internal sealed class LayerKindInfo
    {
        public LayerKindInfo(string name, string signature, Func<LayerArguments, LayerSpec> read)
        {
            Name = name;
            Signature = signature;
            Read = read;
        }

        public string Name { get; }

        /// <summary>The attribute's metadata name in the runtime assembly.</summary>
        public string AttributeName => "ModelGen." + Name + "Attribute";

        /// <summary>The constructor as users write it, for MG0009.</summary>
        public string Signature { get; }

        /// <summary>Turns the attribute's arguments into the kind's record.</summary>
        public Func<LayerArguments, LayerSpec> Read { get; }
    }
}
