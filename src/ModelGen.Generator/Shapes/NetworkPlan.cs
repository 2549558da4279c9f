using ModelGen.Generator.Model;

namespace ModelGen.Generator.Shapes
{
    /// <summary>
    /// The shape of one sample between two layers: a feature map (channels x height x width,
    /// NCHW) or a flat vector. Flattening a map is free: NCHW rows are already contiguous.
    /// </summary>
    internal sealed record FeatureShape(int Channels, int Height, int Width, bool IsMap)
    {
        public static FeatureShape Flat(int size) => new(size, 1, 1, false);

        public static FeatureShape Map(int channels, int height, int width) => new(channels, height, width, true);

        public long Size => (long)Channels * Height * Width;

        public override string ToString() => IsMap ? $"{Channels}x{Height}x{Width}" : Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One layer with every shape and size it needs, fixed.</summary>
    /// <param name="Name">The layer's name in generated code: Dense1, Relu2, Conv3 ...</param>
    /// <param name="ParameterIndex">The number in W{n}/b{n} for a layer with weights, else 0.</param>
    /// <param name="InitStd">The standard deviation its weights are drawn with.</param>
    /// <param name="InitRule">How that standard deviation was chosen, for the generated comment.</param>
    /// <param name="NeedsInputGradient">False where nothing before the layer learns, so its input gradient is never used.</param>
    internal sealed record LayerPlan(
        LayerSpec Spec,
        string Name,
        FeatureShape In,
        FeatureShape Out,
        int ParameterIndex,
        double InitStd,
        string InitRule,
        bool NeedsInputGradient)
    {
        public LayerKind Kind => Spec.Kind;

        public long WeightCount => Kind switch
        {
            LayerKind.Dense => In.Size * Out.Size,
            LayerKind.Conv => (long)Out.Channels * In.Channels * Spec.Size * Spec.Size,
            _ => 0,
        };

        public long BiasCount => Kind switch
        {
            LayerKind.Dense => Out.Size,
            LayerKind.Conv => Out.Channels,
            _ => 0,
        };

        /// <summary>Multiply-adds count twice; elementwise work once. Per sample, forward.</summary>
        public long ForwardFlops => Kind switch
        {
            LayerKind.Dense => 2 * In.Size * Out.Size,
            LayerKind.Conv => 2 * (long)Spec.Size * Spec.Size * In.Channels * Out.Size,
            _ => Out.Size,
        };
    }

    /// <summary>A network whose shapes all check: what the emitter turns into code.</summary>
    internal sealed record NetworkPlan(
        NetworkSpec Spec,
        FeatureShape Input,
        EquatableArray<LayerPlan> Layers,
        LayerPlan? Loss,
        long ParameterCount,
        long ForwardFlops)
    {
        public FeatureShape Output => Layers.Count == 0 ? Input : Layers[Layers.Count - 1].Out;

        public bool Trainable => Spec.Trainable;
    }
}
