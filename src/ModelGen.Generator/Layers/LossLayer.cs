namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// The output and its loss, always last: SoftmaxCrossEntropy (softmax with cross-entropy
    /// against class labels, appendix A) or MeanSquaredError (identity output, 0.5·Σ(y − t)²
    /// against one-hot labels, chapter 4.2.1). The runtime fuses each output with its loss.
    /// </summary>
    /// <param name="Function">The attribute's name, which is also the kernel's: Losses.SoftmaxCrossEntropy.</param>
    internal sealed record LossLayer(int Position, LocationInfo? Location, string Function) : LayerSpec(Position, Location)
    {
        public override string Kind => Function;

        public override bool IsLoss => true;

        public override FeatureShape? OutputShape(FeatureShape input, InferenceContext context) => input;

        public override long ForwardFlops(FeatureShape input, FeatureShape output) => 0;

        /// <summary>What the exported model's output is, for the generated documentation.</summary>
        public string OnnxOutput => Function == "SoftmaxCrossEntropy"
            ? "the class probabilities, the softmax of Forward's scores"
            : "Forward's output as it is";

        /// <summary>
        /// The output without the loss: Softmax over each sample's row for SoftmaxCrossEntropy
        /// (probabilities, where Forward gives scores), nothing for MeanSquaredError, whose output
        /// is the identity. The emitter has made the output (N, OutputSize) already.
        /// </summary>
        public override void WriteOnnx(OnnxContext onnx, CodeWriter w)
        {
            if (Function == "SoftmaxCrossEntropy") onnx.Unary(w, "Softmax", "Softmax", OnnxContext.Int("axis", 1));
        }

        /// <summary>The kernel that computes the loss; its gradient is the same name + "Backward".</summary>
        public string Kernel => Emit.StepContext.Kernels + "Losses." + Function;
    }
}
