namespace ModelGen.Generator.Model
{
    /// <summary>The layers the generator knows, one per layer attribute of the runtime.</summary>
    internal enum LayerKind
    {
        Dense,
        Relu,
        Sigmoid,
        Tanh,
        Step,
        SoftmaxCrossEntropy,
        MeanSquaredError,
        Conv,
        MaxPool,
        AvgPool,
        Dropout,
    }

    /// <summary>Mirrors the runtime's <c>ModelGen.WeightInit</c> by value.</summary>
    internal enum InitKind
    {
        Default = 0,
        Gaussian = 1,
        Xavier = 2,
        He = 3,
    }

    internal static class LayerKindFacts
    {
        public static bool IsLoss(this LayerKind kind) => kind is LayerKind.SoftmaxCrossEntropy or LayerKind.MeanSquaredError;

        public static bool HasWeights(this LayerKind kind) => kind is LayerKind.Dense or LayerKind.Conv;

        public static bool IsActivation(this LayerKind kind) => kind is LayerKind.Relu or LayerKind.Sigmoid or LayerKind.Tanh or LayerKind.Step;

        /// <summary>The attribute's metadata name in the runtime assembly.</summary>
        public static string AttributeName(this LayerKind kind) => "ModelGen." + kind + "Attribute";
    }
}
