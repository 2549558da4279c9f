using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Layers
{
    /// <summary>AvgPool(size, Stride = size): the mean of each window; the gradient is shared equally.</summary>
    internal sealed record AvgPoolLayer(int Position, LocationInfo? Location, int Size, int Stride) : PoolLayer(Position, Location, Size, Stride)
    {
        public static LayerSpec Read(LayerArguments args) => new AvgPoolLayer(args.Position, args.Location, args.Int(0), args.Named("Stride", args.Int(0)));

        public override string Kind => "AvgPool";

        protected override string OnnxOperator => "AveragePool";

        public override void WriteForward(StepContext step, CodeWriter w)
            => w.Call($"{StepContext.Kernels}Pooling.AvgForward", new[] { step.Input, step.Output, step.Layer.Member("Shape"), "n" });

        public override void WriteBackward(StepContext step, CodeWriter w)
            => w.Call($"{StepContext.Kernels}Pooling.AvgBackward", new[] { step.OutputGradient, step.InputGradient, step.Layer.Member("Shape"), "n" });
    }
}
