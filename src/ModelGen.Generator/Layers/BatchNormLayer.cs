using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// BatchNorm(Momentum = 0.9, Epsilon = 1e-6) (chapter 6.3): normalises each feature of a flat
    /// input, or each channel of a feature map over the batch and every position; learnable
    /// gamma{k} (ones) and beta{k} (zeros); running_mean{k} and running_var{k} (zeros, as the
    /// book starts them) are state. Training normalises with the batch's statistics and moves
    /// the running ones; inference uses the running ones. The backward pass differs with the
    /// mode of the last forward pass, so the network keeps that flag.
    /// </summary>
    internal sealed record BatchNormLayer(int Position, LocationInfo? Location, double Momentum, double Epsilon) : LayerSpec(Position, Location)
    {
        /// <summary>The book's momentum for the running statistics.</summary>
        public const double DefaultMomentum = 0.9;

        /// <summary>The book's 10e-7, added to the variance.</summary>
        public const double DefaultEpsilon = 1e-6;

        public static LayerSpec Read(LayerArguments args)
            => new BatchNormLayer(args.Position, args.Location, args.Named("Momentum", DefaultMomentum), args.Named("Epsilon", DefaultEpsilon));

        public override string Kind => "BatchNorm";

        public override string Declaration => $"BatchNorm(Momentum = {Number(Momentum)}, Epsilon = {Number(Epsilon)})";

        public override FeatureShape? OutputShape(FeatureShape input, InferenceContext context)
        {
            bool ok = true;
            if (!(Momentum >= 0 && Momentum < 1))
            {
                context.Invalid(this, "Momentum", Number(Momentum), "at least 0 and less than 1");
                ok = false;
            }
            if (!(Epsilon > 0 && Epsilon <= 1))
            {
                context.Invalid(this, "Epsilon", Number(Epsilon), "positive and at most 1");
                ok = false;
            }
            return ok ? input : null;
        }

        /// <summary>Normalised groups: features of a flat input, channels of a map.</summary>
        private static int Channels(FeatureShape shape) => shape.IsMap ? shape.Channels : (int)shape.Size;

        public override EquatableArray<ParameterPlan> Parameters(string name, FeatureShape input, FeatureShape output, InferenceContext context)
        {
            int number = context.NextNumber("gamma");
            var shape = new EquatableArray<int>(new[] { Channels(input) });
            var constants = new EquatableArray<string>(new[] { name + "Channels" });
            return new EquatableArray<ParameterPlan>(new[]
            {
                new ParameterPlan("gamma" + number, name + " scale γ", shape, constants, Fill.One),
                new ParameterPlan("beta" + number, name + " shift β", shape, constants, Fill.Zero),
            });
        }

        public override EquatableArray<StatePlan> State(string name, EquatableArray<ParameterPlan> parameters, FeatureShape output)
        {
            string number = parameters[0].Name.Substring("gamma".Length);
            var shape = new EquatableArray<int>(new[] { Channels(output) });
            var constants = new EquatableArray<string>(new[] { name + "Channels" });
            return new EquatableArray<StatePlan>(new[]
            {
                new StatePlan("running_mean" + number, name + " running mean", shape, constants, Fill.Zero),
                new StatePlan("running_var" + number, name + " running variance", shape, constants, Fill.Zero),
            });
        }

        /// <summary>Inference: subtract, divide, scale, shift.</summary>
        public override long ForwardFlops(FeatureShape input, FeatureShape output) => 4 * output.Size;

        public override bool UsesTrainingFlag => true;

        public override bool BackwardReadsTrainingFlag => true;

        public override void WriteConstants(LayerPlan layer, CodeWriter w)
        {
            w.Line($"private const int {layer.Member("Channels")} = {Channels(layer.In)};");
            w.Line($"/// <summary>Positions each {layer.Name} channel is normalised over, per sample: height x width of a map, 1 when flat.</summary>");
            w.Line($"private const int {layer.Member("Spatial")} = {(layer.In.IsMap ? layer.In.Height * layer.In.Width : 1)};");
            w.Line($"private const float {layer.Member("Momentum")} = {Number(Momentum)}f;");
            w.Line($"private const float {layer.Member("Epsilon")} = {Number(Epsilon)}f;");
        }

        public override IEnumerable<BufferPlan> Buffers(LayerPlan layer, bool trainable)
        {
            yield return BufferPlan.PerSample("float", layer.Field("Normalized"), layer.OutputSize, "x̂, the normalised input, for the backward pass");
            yield return new BufferPlan("float", layer.Field("Std"), layer.Member("Channels"), "sqrt(σ² + ε) per channel of the last forward pass");
            yield return new BufferPlan("float", layer.Field("Mean"), layer.Member("Channels"), "the last training batch's mean per channel");
        }

        public override void WriteForward(StepContext step, CodeWriter w)
        {
            var layer = step.Layer;
            string gamma = layer.Parameters[0].Name, beta = layer.Parameters[1].Name;
            string runningMean = layer.State[0].Name, runningVariance = layer.State[1].Name;
            string normalized = StepContext.Rows(layer.Field("Normalized"), layer.OutputSize);
            string channels = layer.Member("Channels"), spatial = layer.Member("Spatial");
            w.Line($"// Training normalises with the batch's statistics and moves {runningMean} and {runningVariance}; inference uses them.");
            using (w.Block("if (training)"))
            {
                w.Call($"{StepContext.Kernels}BatchNorm.ForwardTraining", new[]
                {
                    step.Input, step.Output, normalized, layer.Field("Mean"), layer.Field("Std"), gamma, beta, runningMean, runningVariance,
                    "n", channels, spatial, layer.Member("Momentum"), layer.Member("Epsilon"),
                });
            }
            using (w.Block("else"))
            {
                w.Call($"{StepContext.Kernels}BatchNorm.ForwardInference", new[]
                {
                    step.Input, step.Output, normalized, layer.Field("Std"), gamma, beta, runningMean, runningVariance,
                    "n", channels, spatial, layer.Member("Epsilon"),
                });
            }
        }

        /// <summary>
        /// ONNX's BatchNormalization in inference form, (x − mean) / sqrt(var + ε) · scale + B, as
        /// our inference pass. It normalises axis 1: the features of (N, D), the channels of (N, C, H, W).
        /// </summary>
        public override void WriteOnnx(OnnxContext onnx, CodeWriter w)
        {
            var layer = onnx.Layer;
            w.Line($"// Inference form: the running statistics {layer.State[0].Name} and {layer.State[1].Name}, per {(layer.In.IsMap ? "channel" : "feature")} (axis 1)");
            onnx.Node(w, "BatchNormalization", layer.Name, new[] { onnx.Parameter(0), onnx.Parameter(1), onnx.State(0), onnx.State(1) },
                OnnxContext.Float("epsilon", layer.Member("Epsilon")));
        }

        public override void WriteBackward(StepContext step, CodeWriter w)
        {
            var layer = step.Layer;
            string gamma = layer.Parameters[0].Name, beta = layer.Parameters[1].Name;
            var arguments = new[]
            {
                step.OutputGradient, StepContext.Rows(layer.Field("Normalized"), layer.OutputSize), layer.Field("Std"), gamma,
                "d" + gamma, "d" + beta, step.InputGradient, "n", layer.Member("Channels"), layer.Member("Spatial"),
            };
            w.Line("// The batch's statistics depend on every input, so a training pass has the longer gradient.");
            w.Line("if (_trainingForward)");
            using (w.Indented()) w.Call($"{StepContext.Kernels}BatchNorm.BackwardTraining", arguments);
            w.Line("else");
            using (w.Indented()) w.Call($"{StepContext.Kernels}BatchNorm.BackwardInference", arguments);
        }
    }
}
