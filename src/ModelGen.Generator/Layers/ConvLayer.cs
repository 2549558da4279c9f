using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// Conv(filters, size, Stride = 1, Pad = 0): convolution with square kernels (chapter 7.2),
    /// weights (filters, channels, size, size) as in the book, one bias per filter. A Relu after
    /// it runs inside it, and so does a MaxPool after that Relu: the convolution's full-size
    /// output and its gradient are then never written (Conv2D.ForwardMaxPool and
    /// BackwardThroughMaxPool work one image at a time, in cache).
    /// </summary>
    internal sealed record ConvLayer(int Position, LocationInfo? Location, int Filters, int Size, int Stride, int Pad, WeightInitSpec Init)
        : LayerSpec(Position, Location)
    {
        public static LayerSpec Read(LayerArguments args)
            => new ConvLayer(args.Position, args.Location, args.Int(0), args.Int(1), args.Named("Stride", 1), args.Named("Pad", 0), WeightInitSpec.Read(args));

        /// <summary>The runtime's name for a Relu applied as the convolution writes its output.</summary>
        private const string FusedRelu = StepContext.Kernels + "FusedActivation.Relu";

        public override string Kind => "Conv";

        public override string Declaration => $"Conv({Filters}, {Size}, Stride = {Stride}, Pad = {Pad})";

        public override FeatureShape? OutputShape(FeatureShape input, InferenceContext context)
        {
            bool ok = context.Positive(this, "filters", Filters) & context.Positive(this, "size", Size) & context.Positive(this, "Stride", Stride);
            if (Pad < 0 || Pad > Defaults.MaxDimension)
            {
                context.Invalid(this, "Pad", Pad.ToString(System.Globalization.CultureInfo.InvariantCulture), "between 0 and " + Defaults.MaxDimension);
                ok = false;
            }
            if (!ok || !context.RequireMap(this, input)) return null;
            if (Pad >= Size)
            {
                context.Report(DiagnosticInfo.Create(DiagnosticDescriptors.PadNotSmallerThanKernel, Location, Title, Pad, Size));
                return null;
            }
            int paddedH = input.Height + 2 * Pad, paddedW = input.Width + 2 * Pad;
            if (Size > paddedH || Size > paddedW)
            {
                context.Report(DiagnosticInfo.Create(DiagnosticDescriptors.KernelLargerThanInput, Location, Title, Size, input.Height, input.Width, Pad, paddedH, paddedW));
                return null;
            }
            var (height, width) = context.Window(this, input, Size, Stride, Pad, () => WindowRepairs.Conv(input, Size, Stride, Pad));
            return height > 0 ? FeatureShape.Map(Filters, height, width) : null;
        }

        public override EquatableArray<ParameterPlan> Parameters(string name, FeatureShape input, FeatureShape output, InferenceContext context)
        {
            int number = context.NextNumber("W");
            string filters = name + "Filters", channels = name + "Channels", kernel = name + "KernelSize";
            var weights = Init.Weights(this, "W" + number, name + " weights", new[] { Filters, input.Channels, Size, Size },
                new[] { filters, channels, kernel, kernel }, (long)input.Channels * Size * Size, context);
            var bias = WeightInitSpec.Bias("b" + number, name + " bias", Filters, filters);
            return new EquatableArray<ParameterPlan>(new[] { weights, bias });
        }

        public override long ForwardFlops(FeatureShape input, FeatureShape output) => 2 * (long)Size * Size * input.Channels * output.Size;

        /// <summary>A Relu right after the convolution, then a MaxPool right after that Relu.</summary>
        public override bool CanAbsorb(IReadOnlyList<LayerPlan> absorbed, LayerPlan next) => absorbed.Count switch
        {
            0 => next.Spec is ActivationLayer { Kind: "Relu" },
            1 => next.Spec is MaxPoolLayer,
            _ => false,
        };

        public override bool BackwardReadsInput => true;

        public override bool HasWeights => true;

        public override void WriteConstants(LayerPlan layer, CodeWriter w)
        {
            w.Line($"private const int {layer.Member("Filters")} = {Filters};");
            w.Line($"private const int {layer.Member("Channels")} = {layer.In.Channels};");
            w.Line($"private const int {layer.Member("KernelSize")} = {Size};");
            w.Call($"private static readonly {StepContext.Kernels}ConvShape {layer.Member("Shape")} = new", new[]
            {
                $"Channels: {layer.Member("Channels")}", $"Height: {layer.In.Height}", $"Width: {layer.In.Width}",
                $"Filters: {layer.Member("Filters")}", $"KernelSize: {layer.Member("KernelSize")}", $"Stride: {Stride}", $"Pad: {Pad}",
            });
        }

        public override string? WorkspaceSize(LayerPlan layer) => $"{StepContext.Kernels}Conv2D.WorkspaceSize({layer.Member("Shape")}, BatchSize)";

        public override void WriteForward(StepContext step, CodeWriter w)
        {
            var layer = step.Layer;
            string W = layer.Parameters[0].Name, b = layer.Parameters[1].Name;
            var (relu, pool) = Absorbed(step);
            w.Line(pool is not null
                ? $"// {pool.Name}(max(0, {W} ⊛ x + {b})): {relu!.Name} and {pool.Name} are applied as each image's output is written"
                : relu is not null ? $"// y = max(0, {W} ⊛ x + {b}): {relu.Name} is applied as the convolution writes y" : $"// y = {W} ⊛ x + {b}");
            var arguments = new List<string> { step.Input, W, b, step.Output };
            if (pool is not null) arguments.Add(MaxPoolLayer.ArgmaxRows(pool, step.Trainable));
            arguments.AddRange(new[] { "_workspace", layer.Member("Shape") });
            if (pool is not null) arguments.Add(pool.Member("Shape"));
            arguments.Add("n");
            if (relu is not null) arguments.Add(FusedRelu);
            w.Call($"{StepContext.Kernels}Conv2D.{(pool is null ? "Forward" : "ForwardMaxPool")}", arguments);
        }

        public override void WriteBackward(StepContext step, CodeWriter w)
        {
            var layer = step.Layer;
            string W = layer.Parameters[0].Name, b = layer.Parameters[1].Name;
            var (relu, pool) = Absorbed(step);
            if (pool is not null)
            {
                w.Line($"// {pool.Name}'s backward pass (each gradient to its window's argmax) and {relu!.Name}'s, dy · (y > 0),");
                w.Line("// happen as the convolution reads dy, one image at a time in cache");
            }
            else if (relu is not null)
            {
                w.Line($"// {relu.Name}'s backward pass, dy · (y > 0), is applied as the convolution reads dy");
            }
            var arguments = new List<string> { step.Input, W, step.OutputGradient };
            if (pool is not null) arguments.AddRange(new[] { MaxPoolLayer.ArgmaxRows(pool, trainable: true), step.Output });
            arguments.AddRange(new[] { "d" + W, "d" + b, step.InputGradient, "_workspace", layer.Member("Shape") });
            if (pool is not null) arguments.Add(pool.Member("Shape"));
            arguments.Add("n");
            if (pool is null && relu is not null) arguments.Add("reluOutput: " + step.Output);
            w.Call($"{StepContext.Kernels}Conv2D.{(pool is null ? "Backward" : "BackwardThroughMaxPool")}", arguments);
        }

        /// <summary>The convolution alone: a Relu or MaxPool fused into it here writes its own node.</summary>
        public override void WriteOnnx(OnnxContext onnx, CodeWriter w)
        {
            var layer = onnx.Layer;
            w.Line($"// {layer.Parameters[0].Name} is (filters, channels, height, width), Conv's own layout");
            onnx.Node(w, "Conv", layer.Name, new[] { onnx.Parameter(0), onnx.Parameter(1) },
                OnnxContext.Ints("kernel_shape", Size, Size), OnnxContext.Ints("strides", Stride, Stride), OnnxContext.Ints("pads", Pad, Pad, Pad, Pad));
        }

        /// <summary>The Relu and the MaxPool the step runs inside the convolution, each null when absent.</summary>
        private static (LayerPlan? Relu, LayerPlan? Pool) Absorbed(StepContext step)
        {
            var absorbed = step.Step.Absorbed;
            return (absorbed.Count > 0 ? absorbed[0] : null, absorbed.Count > 1 ? absorbed[1] : null);
        }
    }
}
