using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// Dense(units): fully connected, y = x · W + b (the book's Affine, chapter 5.6), W of shape
    /// (in, units). A feature map is flattened into it without a layer of its own: NCHW samples
    /// are already rows.
    /// </summary>
    internal sealed record DenseLayer(int Position, LocationInfo? Location, int Units, WeightInitSpec Init) : LayerSpec(Position, Location)
    {
        public static LayerSpec Read(LayerArguments args) => new DenseLayer(args.Position, args.Location, args.Int(0), WeightInitSpec.Read(args));

        public override string Kind => "Dense";

        public override string Declaration => $"Dense({Units})";

        public override FeatureShape? OutputShape(FeatureShape input, InferenceContext context)
            => context.Positive(this, "units", Units) ? FeatureShape.Flat(Units) : null;

        public override EquatableArray<ParameterPlan> Parameters(string name, FeatureShape input, FeatureShape output, InferenceContext context)
        {
            int number = context.NextNumber("W");
            string inputSize = name + "InputSize", outputSize = name + "OutputSize";
            var weights = Init.Weights(this, "W" + number, name + " weights", new[] { (int)input.Size, Units }, new[] { inputSize, outputSize }, input.Size, context);
            var bias = WeightInitSpec.Bias("b" + number, name + " bias", Units, outputSize);
            return new EquatableArray<ParameterPlan>(new[] { weights, bias });
        }

        public override long ForwardFlops(FeatureShape input, FeatureShape output) => 2 * input.Size * output.Size;

        public override bool BackwardReadsInput => true;

        public override bool CanCopyInput => true;

        public override bool HasWeights => true;

        public override void WriteForward(StepContext step, CodeWriter w)
        {
            var layer = step.Layer;
            string W = layer.Parameters[0].Name, b = layer.Parameters[1].Name;
            w.Line($"// y = x · {W} + {b}: (n, {layer.InputSize}) · ({layer.InputSize}, {layer.OutputSize})");
            if (step.CopiesInput)
            {
                w.Line($"// ... copying x into {StepContext.InputCopy} (kept for Backward) as the product reads it");
                w.Call($"{StepContext.Kernels}Gemm.MultiplyAndCopyA", new[] { step.Input, W, step.Output, StepContext.InputCopy, "n", layer.InputSize, layer.OutputSize });
            }
            else
            {
                w.Call($"{StepContext.Kernels}Gemm.Multiply", new[] { step.Input, W, step.Output, "n", layer.InputSize, layer.OutputSize });
            }

            w.Call($"{StepContext.Kernels}Bias.Add", new[] { step.Output, b, "n", layer.OutputSize });
        }

        public override void WriteOnnx(OnnxContext onnx, CodeWriter w)
        {
            var layer = onnx.Layer;
            OnnxContext.FlattenMap(w, layer.In, layer.Name + "_flatten");
            w.Line($"// y = x · {layer.Parameters[0].Name} + {layer.Parameters[1].Name}: Gemm takes B as (in, out), our layout, so without transB");
            onnx.Node(w, "Gemm", layer.Name, new[] { onnx.Parameter(0), onnx.Parameter(1) });
        }

        public override void WriteBackward(StepContext step, CodeWriter w)
        {
            var layer = step.Layer;
            string W = layer.Parameters[0].Name, b = layer.Parameters[1].Name;
            w.Line($"// d{W} = xᵀ · dy: ({layer.InputSize}, n) · (n, {layer.OutputSize})");
            w.Call($"{StepContext.Kernels}Gemm.MultiplyTransposeA", new[] { step.Input, step.OutputGradient, "d" + W, layer.InputSize, "n", layer.OutputSize });
            w.Line($"// d{b} = the sum of dy over the batch");
            w.Call($"{StepContext.Kernels}Bias.Gradient", new[] { step.OutputGradient, "d" + b, "n", layer.OutputSize });
            if (step.InputGradientBuffer is null) return;
            w.Line($"// dx = dy · {W}ᵀ: (n, {layer.OutputSize}) · ({layer.OutputSize}, {layer.InputSize})");
            w.Call($"{StepContext.Kernels}Gemm.MultiplyTransposeB", new[] { step.OutputGradient, W, step.InputGradient, "n", layer.OutputSize, layer.InputSize });
        }
    }
}
