namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// A layer attribute whose arguments did not bind (MG0009, reported by the parser). It holds
    /// its place in the list so that positions stay right, and stops shape inference quietly.
    /// </summary>
    internal sealed record UnreadableLayer(int Position, LocationInfo? Location, string Name) : LayerSpec(Position, Location)
    {
        public override string Kind => Name;

        public override FeatureShape? OutputShape(FeatureShape input, InferenceContext context) => null;

        /// <summary>Never called: a network with an unreadable layer has an error and no code.</summary>
        public override void WriteOnnx(OnnxContext onnx, CodeWriter w) => throw new InvalidOperationException($"{Name} could not be read.");
    }
}
