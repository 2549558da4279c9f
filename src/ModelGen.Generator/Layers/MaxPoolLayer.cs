using ModelGen.Generator.Parsing;

namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// MaxPool(size, Stride = size): the largest value of each window. Training keeps the index
    /// of each window's maximum, where the backward pass sends the gradient. After a Conv and
    /// Relu it runs inside the convolution (see <see cref="ConvLayer"/>).
    /// </summary>
    internal sealed record MaxPoolLayer(int Position, LocationInfo? Location, int Size, int Stride) : PoolLayer(Position, Location, Size, Stride)
    {
        public static LayerSpec Read(LayerArguments args) => new MaxPoolLayer(args.Position, args.Location, args.Int(0), args.Named("Stride", args.Int(0)));

        public override string Kind => "MaxPool";

        protected override string OnnxOperator => "MaxPool";

        /// <summary>The first n samples of the argmax buffer, or <c>default</c> when nothing trains.</summary>
        public static string ArgmaxRows(LayerPlan pool, bool trainable)
            => trainable ? StepContext.Rows(pool.Field("Argmax"), pool.OutputSize) : "default";

        public override IEnumerable<BufferPlan> Buffers(LayerPlan layer, bool trainable)
        {
            if (trainable) yield return BufferPlan.PerSample("int", layer.Field("Argmax"), layer.OutputSize, "where each window's maximum is, for the backward pass");
        }

        public override void WriteForward(StepContext step, CodeWriter w)
            => w.Call($"{StepContext.Kernels}Pooling.MaxForward", new[]
            {
                step.Input, step.Output, ArgmaxRows(step.Layer, step.Trainable), step.Layer.Member("Shape"), "n",
            });

        public override void WriteBackward(StepContext step, CodeWriter w)
            => w.Call($"{StepContext.Kernels}Pooling.MaxBackward", new[]
            {
                step.OutputGradient, ArgmaxRows(step.Layer, trainable: true), step.InputGradient, step.Layer.Member("Shape"), "n",
            });
    }
}
