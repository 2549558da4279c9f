using System.Globalization;
using ModelGen.Generator.Model;
using ModelGen.Generator.Shapes;

namespace ModelGen.Generator.Emit
{
    /// <summary>
    /// Writes one layer: its constants, buffers, and the forward and backward methods, each a
    /// short sequence of runtime kernel calls with every size spelled out as a named constant.
    /// </summary>
    internal sealed class LayerEmitter
    {
        private const string Kernels = "global::ModelGen.Kernels.";

        private readonly LayerPlan _layer;
        private readonly int _batch;

        public LayerEmitter(LayerPlan layer, int batch)
        {
            _layer = layer;
            _batch = batch;
        }

        public string Name => _layer.Name;

        /// <summary>
        /// The Relu that follows this convolution and is applied as the convolution writes its
        /// output, saving a sweep over the largest buffers of the network in each direction.
        /// </summary>
        public LayerEmitter? FusedRelu { get; private set; }

        /// <summary>For a fused Relu: the convolution that computes it.</summary>
        public LayerEmitter? FusedInto { get; private set; }

        /// <summary>Whether this layer is computed by a convolution before it (no methods of its own).</summary>
        public bool IsFused => Host is not null;

        /// <summary>Fuses <paramref name="relu"/> into this convolution.</summary>
        public void Fuse(LayerEmitter relu)
        {
            FusedRelu = relu;
            relu.FusedInto = this;
        }

        /// <summary>
        /// The max pool after this convolution's fused Relu, computed inside this convolution in
        /// both directions, one image at a time in cache (<c>Conv2D.ForwardMaxPool</c> and
        /// <c>Conv2D.BackwardThroughMaxPool</c>): the convolution's full-size output and output
        /// gradient are never written.
        /// </summary>
        public LayerEmitter? FusedPool { get; private set; }

        /// <summary>For such a max pool: the convolution that computes it.</summary>
        public LayerEmitter? PooledBy { get; private set; }

        /// <summary>Computes <paramref name="pool"/> inside this convolution (which has a fused Relu).</summary>
        public void FusePool(LayerEmitter pool)
        {
            FusedPool = pool;
            pool.PooledBy = this;
        }

        /// <summary>The layer whose methods compute this one, if any.</summary>
        public LayerEmitter? Host => FusedInto ?? PooledBy;

        /// <summary>The buffer that holds this layer's output for the whole batch (a fused Relu's is its convolution's).</summary>
        public string Output => FusedInto?.Output ?? "_" + Camel(_layer.Name) + "Out";

        /// <summary>
        /// The buffer that holds the loss gradient with respect to this layer's output. A
        /// convolution with a fused Relu reads the Relu's: the Relu's backward pass happens inside.
        /// </summary>
        public string OutputGradient => FusedRelu?.OutputGradient ?? "_" + Camel(_layer.Name) + "Grad";

        private string In => _layer.Name + "In";

        private string Out => _layer.Name + "Out";

        private string W => "W" + _layer.ParameterIndex.ToString(CultureInfo.InvariantCulture);

        private string B => "b" + _layer.ParameterIndex.ToString(CultureInfo.InvariantCulture);

        public bool UsesTrainingFlag => _layer.Kind == LayerKind.Dropout;

        /// <summary>A one-line description for comments and the summary table.</summary>
        public string Describe() => _layer.Kind switch
        {
            LayerKind.Dense => $"Dense({_layer.Out.Size})",
            LayerKind.Conv => $"Conv({_layer.Out.Channels}, {_layer.Spec.Size}, Stride = {_layer.Spec.Stride}, Pad = {_layer.Spec.Pad})",
            LayerKind.MaxPool or LayerKind.AvgPool => $"{_layer.Kind}({_layer.Spec.Size}, Stride = {_layer.Spec.Stride})",
            LayerKind.Dropout => $"Dropout({Num(_layer.Spec.Ratio)})",
            _ => _layer.Kind.ToString(),
        };

        public void WriteConstants(CodeWriter w)
        {
            w.Line($"// {Name}: {Describe()}, {_layer.In} -> {_layer.Out}");
            w.Line($"private const int {In} = {_layer.In.Size};");
            w.Line($"private const int {Out} = {_layer.Out.Size};");
            switch (_layer.Kind)
            {
                case LayerKind.Conv:
                    w.Line($"private static readonly {Kernels}ConvShape {Name}Shape = new(Channels: {_layer.In.Channels}, Height: {_layer.In.Height}, Width: {_layer.In.Width}, Filters: {_layer.Out.Channels}, KernelSize: {_layer.Spec.Size}, Stride: {_layer.Spec.Stride}, Pad: {_layer.Spec.Pad});");
                    break;
                case LayerKind.MaxPool:
                case LayerKind.AvgPool:
                    w.Line($"private static readonly {Kernels}PoolShape {Name}Shape = new(Channels: {_layer.In.Channels}, Height: {_layer.In.Height}, Width: {_layer.In.Width}, Size: {_layer.Spec.Size}, Stride: {_layer.Spec.Stride});");
                    break;
                case LayerKind.Dropout:
                    w.Line($"private const float {Name}Ratio = {Num(_layer.Spec.Ratio)}f;");
                    break;
            }
        }

        public void WriteParameters(CodeWriter w)
        {
            if (!_layer.Kind.HasWeights()) return;
            string shape = _layer.Kind == LayerKind.Dense
                ? $"({In}, {Out})"
                : $"({_layer.Out.Channels}, {_layer.In.Channels}, {_layer.Spec.Size}, {_layer.Spec.Size})";
            string biasCount = _layer.Kind == LayerKind.Dense ? Out : _layer.Out.Channels.ToString(CultureInfo.InvariantCulture);
            string weightCount = _layer.Kind == LayerKind.Dense ? $"{In} * {Out}" : _layer.WeightCount.ToString(CultureInfo.InvariantCulture);
            w.Line($"/// <summary>{Name} weights, {shape}.</summary>");
            w.Line($"public readonly float[] {W} = new float[{weightCount}];");
            w.Line($"/// <summary>{Name} bias, ({biasCount}).</summary>");
            w.Line($"public readonly float[] {B} = new float[{biasCount}];");
            w.Line($"/// <summary>Gradient of the loss with respect to <see cref=\"{W}\"/>.</summary>");
            w.Line($"public readonly float[] d{W} = new float[{weightCount}];");
            w.Line($"/// <summary>Gradient of the loss with respect to <see cref=\"{B}\"/>.</summary>");
            w.Line($"public readonly float[] d{B} = new float[{biasCount}];");
        }

        /// <summary>The parameters' runtime descriptions: name, book layout, value and gradient.</summary>
        public void WriteParameterDescriptors(CodeWriter w)
        {
            if (!_layer.Kind.HasWeights()) return;
            string shape = _layer.Kind == LayerKind.Dense
                ? $"{In}, {Out}"
                : $"{_layer.Out.Channels}, {_layer.In.Channels}, {_layer.Spec.Size}, {_layer.Spec.Size}";
            string biasShape = _layer.Kind == LayerKind.Dense ? Out : _layer.Out.Channels.ToString(CultureInfo.InvariantCulture);
            w.Line($"new global::ModelGen.Parameter(\"{W}\", new[] {{ {shape} }}, {W}, d{W}),");
            w.Line($"new global::ModelGen.Parameter(\"{B}\", new[] {{ {biasShape} }}, {B}, d{B}),");
        }

        public void WriteInitialization(CodeWriter w)
        {
            if (!_layer.Kind.HasWeights()) return;
            w.Line($"// {W}: {_layer.InitRule} = {Num(_layer.InitStd)}");
            w.Line($"global::ModelGen.Initialization.Gaussian({W}, {Num(_layer.InitStd)}f, random);");
            w.Line($"global::System.Array.Clear({B});");
        }

        public void WriteBuffers(CodeWriter w, bool trainable)
        {
            // A convolution with a fused pool writes the pool's output instead of its own.
            bool outputSkipped = FusedInto is not null || FusedPool is not null;
            if (!outputSkipped) w.Line($"private readonly float[] {Output} = new float[Batch * {Out}];");
            bool gradientSkipped = FusedRelu is not null || FusedInto?.FusedPool is not null;
            if (trainable && !gradientSkipped) w.Line($"private readonly float[] {OutputGradient} = new float[Batch * {Out}];");
            switch (_layer.Kind)
            {
                case LayerKind.MaxPool when trainable:
                    w.Line($"private readonly int[] _{Camel(Name)}Argmax = new int[Batch * {Out}];");
                    break;
                case LayerKind.Dropout:
                    w.Line($"private readonly float[] _{Camel(Name)}Mask = new float[Batch * {Out}];");
                    break;
            }
        }

        /// <summary>Forward: reads <c>x</c> (this layer's input), writes <see cref="Output"/>.</summary>
        public void WriteForward(CodeWriter w)
        {
            string sig = UsesTrainingFlag ? "ReadOnlySpan<float> x, int n, bool training" : "ReadOnlySpan<float> x, int n";
            string fused = FusedRelu is null ? "" : FusedPool is null ? $", then {FusedRelu.Name} (fused)" : $", then {FusedRelu.Name} and {FusedPool.Name} (fused)";
            w.Line($"/// <summary>{Name} forward: {Describe()}{fused}, ({_layer.In}) -> ({(FusedPool ?? this)._layer.Out}) per sample.</summary>");
            using (w.Block($"private void {Name}Forward({sig})"))
            {
                string x = $"x.Slice(0, n * {In})";
                string y = $"{Output}.AsSpan(0, n * {Out})";
                switch (_layer.Kind)
                {
                    case LayerKind.Dense:
                        w.Line($"// y = x · {W} + {B}: (n, {In}) · ({In}, {Out})");
                        w.Line($"{Kernels}Gemm.Multiply({x}, {W}, {y}, n, {In}, {Out});");
                        w.Line($"{Kernels}Bias.Add({y}, {B}, n, {Out});");
                        break;
                    case LayerKind.Conv when FusedPool is not null:
                        var pooled = FusedPool;
                        string argmax = Trainable ? $"_{Camel(pooled.Name)}Argmax.AsSpan(0, n * {pooled.Out})" : "default";
                        w.Line($"// {pooled.Name}(max(0, {W} ⊛ x + {B})): {FusedRelu!.Name} and {pooled.Name} are applied as each image's output is written");
                        w.Line($"{Kernels}Conv2D.ForwardMaxPool({x}, {W}, {B}, {pooled.Output}.AsSpan(0, n * {pooled.Out}), {argmax}, _convWorkspace, {Name}Shape, {pooled.Name}Shape, n, {Kernels}FusedActivation.Relu);");
                        break;
                    case LayerKind.Conv when FusedRelu is not null:
                        w.Line($"// y = max(0, {W} ⊛ x + {B}): {FusedRelu.Name} is applied as the convolution writes y");
                        w.Line($"{Kernels}Conv2D.Forward({x}, {W}, {B}, {y}, _convWorkspace, {Name}Shape, n, {Kernels}FusedActivation.Relu);");
                        break;
                    case LayerKind.Conv:
                        w.Line($"{Kernels}Conv2D.Forward({x}, {W}, {B}, {y}, _convWorkspace, {Name}Shape, n);");
                        break;
                    case LayerKind.MaxPool:
                        w.Line(Trainable
                            ? $"{Kernels}Pooling.MaxForward({x}, {y}, _{Camel(Name)}Argmax.AsSpan(0, n * {Out}), {Name}Shape, n);"
                            : $"{Kernels}Pooling.MaxForward({x}, {y}, default, {Name}Shape, n);");
                        break;
                    case LayerKind.AvgPool:
                        w.Line($"{Kernels}Pooling.AvgForward({x}, {y}, {Name}Shape, n);");
                        break;
                    case LayerKind.Dropout:
                        w.Line("// Training drops each value with probability Ratio; inference scales by (1 - Ratio), as the book does.");
                        w.Line($"var mask = _{Camel(Name)}Mask.AsSpan(0, n * {Out});");
                        w.Line($"if (training) {Kernels}Dropout.DrawMask(mask, {Name}Ratio, _random);");
                        w.Line($"else mask.Fill(1f - {Name}Ratio);");
                        w.Line($"{Kernels}Dropout.Apply({x}, mask, {y});");
                        break;
                    default:
                        w.Line($"{Kernels}Activations.{_layer.Kind}({x}, {y});");
                        break;
                }
            }
        }

        /// <summary>Trainable networks only; used to pick the max-pool signature.</summary>
        public bool Trainable { get; set; } = true;

        /// <summary>
        /// Backward: reads <see cref="OutputGradient"/> (and <c>x</c>, this layer's input, where
        /// the gradient needs it), writes the parameter gradients and <paramref name="inputGradient"/>.
        /// </summary>
        public void WriteBackward(CodeWriter w, string? inputGradient)
        {
            bool needsX = _layer.Kind is LayerKind.Dense or LayerKind.Conv;
            string sig = needsX ? "ReadOnlySpan<float> x, int n" : "int n";
            string summary = inputGradient is null
                ? "the gradient of its input is not needed: no layer before it learns"
                : $"writes the gradient of its input to {inputGradient}";
            w.Line($"/// <summary>{Name} backward: {summary}.</summary>");
            using (w.Block($"private void {Name}Backward({sig})"))
            {
                string dy = $"{OutputGradient}.AsSpan(0, n * {Out})";
                string dx = inputGradient is null ? "default" : $"{inputGradient}.AsSpan(0, n * {In})";
                string y = $"{Output}.AsSpan(0, n * {Out})";
                switch (_layer.Kind)
                {
                    case LayerKind.Dense:
                        w.Line($"// d{W} = xᵀ · dy: ({In}, n) · (n, {Out})");
                        w.Line($"{Kernels}Gemm.MultiplyTransposeA(x.Slice(0, n * {In}), {dy}, d{W}, {In}, n, {Out});");
                        w.Line($"// d{B} = the sum of dy over the batch");
                        w.Line($"{Kernels}Bias.Gradient({dy}, d{B}, n, {Out});");
                        if (inputGradient is not null)
                        {
                            w.Line($"// dx = dy · {W}ᵀ: (n, {Out}) · ({Out}, {In})");
                            w.Line($"{Kernels}Gemm.MultiplyTransposeB({dy}, {W}, {dx}, n, {Out}, {In});");
                        }
                        break;
                    case LayerKind.Conv when FusedPool is not null:
                        var pool = FusedPool;
                        w.Line($"// {pool.Name}'s backward pass (each gradient to its window's argmax) and {FusedRelu!.Name}'s, dy · (y > 0),");
                        w.Line($"// happen as the convolution reads dy, one image at a time in cache");
                        w.Line($"{Kernels}Conv2D.BackwardThroughMaxPool(x.Slice(0, n * {In}), {W}, {pool.OutputGradient}.AsSpan(0, n * {pool.Out}), _{Camel(pool.Name)}Argmax.AsSpan(0, n * {pool.Out}), {pool.Output}.AsSpan(0, n * {pool.Out}),");
                        w.Line($"    d{W}, d{B}, {dx}, _convWorkspace, {Name}Shape, {pool.Name}Shape, n);");
                        break;
                    case LayerKind.Conv when FusedRelu is not null:
                        w.Line($"// {FusedRelu.Name}'s backward pass, dy · (y > 0), is applied as the convolution reads dy");
                        w.Line($"{Kernels}Conv2D.Backward(x.Slice(0, n * {In}), {W}, {dy}, d{W}, d{B}, {dx}, _convWorkspace, {Name}Shape, n, reluOutput: {y});");
                        break;
                    case LayerKind.Conv:
                        w.Line($"{Kernels}Conv2D.Backward(x.Slice(0, n * {In}), {W}, {dy}, d{W}, d{B}, {dx}, _convWorkspace, {Name}Shape, n);");
                        break;
                    case LayerKind.MaxPool:
                        w.Line($"{Kernels}Pooling.MaxBackward({dy}, _{Camel(Name)}Argmax.AsSpan(0, n * {Out}), {dx}, {Name}Shape, n);");
                        break;
                    case LayerKind.AvgPool:
                        w.Line($"{Kernels}Pooling.AvgBackward({dy}, {dx}, {Name}Shape, n);");
                        break;
                    case LayerKind.Dropout:
                        w.Line($"{Kernels}Dropout.Apply({dy}, _{Camel(Name)}Mask.AsSpan(0, n * {Out}), {dx});");
                        break;
                    default:
                        w.Line($"{Kernels}Activations.{_layer.Kind}Backward({y}, {dy}, {dx});");
                        break;
                }
            }
        }

        /// <summary>Whether the backward pass of this layer does anything at all.</summary>
        public bool HasBackward(bool inputGradientNeeded) => !IsFused && (_layer.Kind.HasWeights() || inputGradientNeeded);

        public bool BackwardNeedsInput => _layer.Kind is LayerKind.Dense or LayerKind.Conv;

        internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);

        internal static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
