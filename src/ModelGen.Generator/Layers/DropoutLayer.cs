using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// Dropout(ratio) (chapter 6.4.3): while training each value is zeroed with probability
    /// ratio, by a mask drawn from the network's random generator; at inference every value is
    /// scaled by (1 − ratio), as the book does. Forward and backward are one multiply by the mask.
    /// </summary>
    internal sealed record DropoutLayer(int Position, LocationInfo? Location, double Ratio) : LayerSpec(Position, Location)
    {
        public static LayerSpec Read(LayerArguments args) => new DropoutLayer(args.Position, args.Location, args.Double(0));

        public override string Kind => "Dropout";

        public override string Declaration => $"Dropout({Number(Ratio)})";

        public override FeatureShape? OutputShape(FeatureShape input, InferenceContext context)
        {
            if (Ratio >= 0 && Ratio < 1) return input;
            context.Invalid(this, "ratio", Number(Ratio), "at least 0 and less than 1");
            return null;
        }

        public override bool UsesTrainingFlag => true;

        public override bool UsesRandom => true;

        public override void WriteConstants(LayerPlan layer, CodeWriter w) => w.Line($"private const float {layer.Member("Ratio")} = {Number(Ratio)}f;");

        public override IEnumerable<BufferPlan> Buffers(LayerPlan layer, bool trainable)
        {
            yield return BufferPlan.PerSample("float", layer.Field("Mask"), layer.OutputSize, "1 for kept values and 0 for dropped ones; 1 - ratio at inference");
        }

        public override void WriteForward(StepContext step, CodeWriter w)
        {
            var layer = step.Layer;
            string ratio = layer.Member("Ratio");
            w.Line($"// Training drops each value with probability {ratio}; inference scales by (1 - {ratio}), as the book does.");
            w.Line($"var mask = {StepContext.Rows(layer.Field("Mask"), layer.OutputSize)};");
            w.Line($"if (training) {StepContext.Kernels}Dropout.DrawMask(mask, {ratio}, _random);");
            w.Line($"else mask.Fill(1f - {ratio});");
            w.Call($"{StepContext.Kernels}Dropout.Apply", new[] { step.Input, "mask", step.Output });
        }

        /// <summary>
        /// The inference form, a Mul by (1 − ratio): ONNX's own Dropout is the identity at
        /// inference (it scales while training instead), so it would give other numbers than ours.
        /// A Mul rather than a scale folded into the next layer's weights: it is exactly what
        /// Forward computes, and it works where no weights follow (a Dropout before the loss).
        /// </summary>
        public override void WriteOnnx(OnnxContext onnx, CodeWriter w)
        {
            string ratio = onnx.Layer.Member("Ratio");
            w.Line($"// Inference scales by (1 - {ratio}), as the book does; ONNX's Dropout would not");
            onnx.Node(w, "Mul", onnx.Layer.Name, new[] { onnx.Constant("scale", $"1f - {ratio}") });
        }

        public override void WriteBackward(StepContext step, CodeWriter w)
            => w.Call($"{StepContext.Kernels}Dropout.Apply", new[]
            {
                step.OutputGradient, StepContext.Rows(step.Layer.Field("Mask"), step.Layer.OutputSize), step.InputGradient,
            });
    }
}
