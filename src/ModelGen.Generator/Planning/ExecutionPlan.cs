namespace ModelGen.Generator.Planning
{
    /// <summary>
    /// One forward method and one backward method of the generated class: a host layer and the
    /// layers that run inside it (a Conv with the Relu and MaxPool after it). A step writes its
    /// output, and reads its output gradient, in the buffers of its last layer.
    /// </summary>
    internal sealed record Step(LayerPlan Host, EquatableArray<LayerPlan> Absorbed)
    {
        public string Name => Host.Name;

        public LayerPlan Last => Absorbed.Count == 0 ? Host : Absorbed[Absorbed.Count - 1];

        public IEnumerable<LayerPlan> Layers => new[] { Host }.Concat(Absorbed);

        /// <summary>Whether the gradient of the step's input is needed: something before it learns.</summary>
        public bool NeedsInputGradient => Host.NeedsInputGradient;

        /// <summary>Whether the backward method has anything to do.</summary>
        public bool HasBackward => NeedsInputGradient || Layers.Any(l => l.HasParameters);

        /// <summary>The buffer the step writes: its last layer's output for the whole batch.</summary>
        public string Output => Last.Field("Out");

        /// <summary>The buffer of the loss gradient with respect to <see cref="Output"/>.</summary>
        public string OutputGradient => Last.Field("Grad");

        public string InputSize => Host.InputSize;

        public string OutputSize => Last.OutputSize;

        /// <summary>The layers joined by '+', as tests and comments name a step: "Conv2+Relu2+MaxPool1".</summary>
        public string Describe() => string.Join("+", Layers.Select(l => l.Name));
    }

    /// <summary>The network as it will run: the inferred plan, cut into steps by fusion.</summary>
    internal sealed record ExecutionPlan(NetworkPlan Network, EquatableArray<Step> Steps)
    {
        public NetworkSpec Spec => Network.Spec;

        public bool Trainable => Network.Trainable;

        /// <summary>The step a layer runs in, by layer name.</summary>
        public Step StepOf(LayerPlan layer) => Steps.First(s => s.Layers.Any(l => l.Name == layer.Name));
    }
}
