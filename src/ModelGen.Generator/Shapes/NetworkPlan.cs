using ModelGen.Generator.Layers;

namespace ModelGen.Generator.Shapes
{
    /// <summary>One layer with every shape and size it needs, fixed.</summary>
    /// <param name="Spec">The layer as declared; its kind's class, which also emits it.</param>
    /// <param name="Name">The layer's name in generated code: Dense1, Relu2, Conv3 ...</param>
    /// <param name="Parameters">Its learnable tensors, in the book's names and layouts.</param>
    /// <param name="State">Its non-learnable tensors (saved and checkpointed, never optimised).</param>
    /// <param name="ForwardFlops">Floating-point operations of one sample's forward pass.</param>
    /// <param name="NeedsInputGradient">False where nothing before the layer learns, so its input gradient is never used.</param>
    internal sealed record LayerPlan(
        LayerSpec Spec,
        string Name,
        FeatureShape In,
        FeatureShape Out,
        EquatableArray<ParameterPlan> Parameters,
        EquatableArray<StatePlan> State,
        long ForwardFlops,
        bool NeedsInputGradient)
    {
        /// <summary>The name of a constant or field of this layer: Conv1 + "Shape" = Conv1Shape.</summary>
        public string Member(string suffix) => Name + suffix;

        /// <summary>The name of a private field of this layer: "Argmax" gives _maxPool1Argmax.</summary>
        public string Field(string suffix) => "_" + char.ToLowerInvariant(Name[0]) + Name.Substring(1) + suffix;

        /// <summary>The constant that holds the values of one sample's input.</summary>
        public string InputSize => Member("InputSize");

        /// <summary>The constant that holds the values of one sample's output.</summary>
        public string OutputSize => Member("OutputSize");

        public bool HasParameters => Parameters.Count > 0;

        public long ParameterCount => Parameters.Sum(p => p.Size);
    }

    /// <summary>How a tensor's values are set when the network is created.</summary>
    internal enum Fill
    {
        /// <summary>Drawn from N(0, std²) by the network's seeded generator.</summary>
        Gaussian,
        Zero,
        One,
    }

    /// <summary>A learnable tensor: its book name, its layout and how it starts.</summary>
    /// <param name="Name">W1, b1, gamma1, ...</param>
    /// <param name="Role">What it is, for comments: "Conv1 weights".</param>
    /// <param name="Shape">Its dimensions, outermost first.</param>
    /// <param name="ShapeConstants">The generated constants that spell those dimensions.</param>
    /// <param name="Fill">How its values start.</param>
    /// <param name="Std">For <see cref="Fill.Gaussian"/>: the standard deviation.</param>
    /// <param name="StdRule">For <see cref="Fill.Gaussian"/>: how the standard deviation was chosen, for the comment.</param>
    internal sealed record ParameterPlan(
        string Name,
        string Role,
        EquatableArray<int> Shape,
        EquatableArray<string> ShapeConstants,
        Fill Fill,
        double Std = 0,
        string StdRule = "")
    {
        public long Size => Shape.Aggregate(1L, (p, d) => p * d);
    }

    /// <summary>A non-learnable tensor of a layer, such as a running mean.</summary>
    internal sealed record StatePlan(
        string Name,
        string Role,
        EquatableArray<int> Shape,
        EquatableArray<string> ShapeConstants,
        Fill Fill)
    {
        public long Size => Shape.Aggregate(1L, (p, d) => p * d);
    }

    /// <summary>A network whose shapes all check: what fusion plans and the emitter prints.</summary>
    internal sealed record NetworkPlan(
        NetworkSpec Spec,
        FeatureShape Input,
        EquatableArray<LayerPlan> Layers,
        LayerPlan? Loss)
    {
        public FeatureShape Output => Layers.Count == 0 ? Input : Layers[Layers.Count - 1].Out;

        /// <summary>Whether training code is generated: declared trainable, and a loss to train with.</summary>
        public bool Trainable => Spec.Trainable && Loss is not null;

        public long ParameterCount => Layers.Sum(l => l.ParameterCount);

        public long ForwardFlops => Layers.Sum(l => l.ForwardFlops);
    }
}
