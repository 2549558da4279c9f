namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// An elementwise activation: Relu, Sigmoid, Tanh (chapter 5.5) or the perceptron's Step
    /// (chapter 2). Each backward pass needs only the forward pass's output, so nothing else is
    /// kept. Step has no useful gradient and is allowed only in forward-only networks.
    /// </summary>
    /// <param name="Function">The attribute's name, which is also the kernel's: Activations.Relu, ReluBackward.</param>
    internal sealed record ActivationLayer(int Position, LocationInfo? Location, string Function) : LayerSpec(Position, Location)
    {
        public override string Kind => Function;

        public override bool CanTrain => Function != "Step";

        public override string? Activation => Function;

        public override FeatureShape? OutputShape(FeatureShape input, InferenceContext context) => input;

        public override void WriteForward(StepContext step, CodeWriter w)
            => w.Call($"{StepContext.Kernels}Activations.{Function}", new[] { step.Input, step.Output });

        public override void WriteBackward(StepContext step, CodeWriter w)
            => w.Call($"{StepContext.Kernels}Activations.{Function}Backward", new[] { step.Output, step.OutputGradient, step.InputGradient });

        /// <summary>Relu, Sigmoid and Tanh are ONNX operators of the same names; Step is not, so it is built from two.</summary>
        public override void WriteOnnx(OnnxContext onnx, CodeWriter w)
        {
            string name = onnx.Layer.Name;
            if (Function != "Step")
            {
                onnx.Unary(w, Function, name);
                return;
            }
            w.Line("// Step: 1 where x > 0, else 0. Greater gives booleans; Cast makes them float32 ones and zeros.");
            onnx.Node(w, "Greater", name + "_positive", new[] { onnx.Constant("zero", "0f") });
            onnx.Unary(w, "Cast", name, OnnxContext.Int("to", OnnxContext.Float32));
        }
    }
}
