namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// What max and average pooling share (chapter 7.3): a size x size window moved by Stride
    /// (the window size unless set) over every channel, with the geometry checks and the shape
    /// constant the pooling kernels take.
    /// </summary>
    internal abstract record PoolLayer(int Position, LocationInfo? Location, int Size, int Stride) : LayerSpec(Position, Location)
    {
        public override string Declaration => $"{Kind}({Size}, Stride = {Stride})";

        public override FeatureShape? OutputShape(FeatureShape input, InferenceContext context)
        {
            bool ok = context.Positive(this, "size", Size) & context.Positive(this, "Stride", Stride);
            if (!ok || !context.RequireMap(this, input)) return null;
            if (Size > input.Height || Size > input.Width)
            {
                int h = (input.Height - Size) / Stride + 1, w = (input.Width - Size) / Stride + 1;
                context.Report(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyOutput, Location, Title, System.Math.Min(h, 0), System.Math.Min(w, 0)));
                return null;
            }
            var (height, width) = context.Window(this, input, Size, Stride, pad: 0, () => WindowRepairs.Pool(Kind, input, Size, Stride));
            return height > 0 ? FeatureShape.Map(input.Channels, height, width) : null;
        }

        /// <summary>The ONNX operator: MaxPool or AveragePool.</summary>
        protected abstract string OnnxOperator { get; }

        /// <summary>No padding, so the windows are exactly ours (AveragePool never meets a padded value).</summary>
        public override void WriteOnnx(OnnxContext onnx, CodeWriter w)
            => onnx.Unary(w, OnnxOperator, onnx.Layer.Name, OnnxContext.Ints("kernel_shape", Size, Size), OnnxContext.Ints("strides", Stride, Stride));

        public override void WriteConstants(LayerPlan layer, CodeWriter w)
            => w.Call($"private static readonly {StepContext.Kernels}PoolShape {layer.Member("Shape")} = new", new[]
            {
                $"Channels: {layer.In.Channels}", $"Height: {layer.In.Height}", $"Width: {layer.In.Width}", $"Size: {Size}", $"Stride: {Stride}",
            });
    }
}
