using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// 2-D convolution on NCHW float32 batches: weights (F, C, K, K), bias (F). Stride-1 layers
/// run as implicit GEMM (no im2col matrix), others as im2col + GEMM; images are spread over
/// the kernel threads, each with its own slice of the workspace. Spans may be longer than
/// needed. Results are bit-identical for any thread count.
/// </summary>
public static class Conv2D
{
    /// <summary>Environment variable that turns Winograd off when set to 0 (see <see cref="Winograd"/>).</summary>
    public const string WinogradEnvironmentVariable = "MODELGEN_WINOGRAD";

    /// <summary>
    /// Whether 3 x 3, stride-1 layers run their forward and input-gradient convolutions with
    /// Winograd's F(2 x 2, 3 x 3), and their weight gradient with F(2 x 2, 3 x 3) or
    /// F(4 x 4, 3 x 3) run backwards, on the AVX2 and AVX-512 paths where that is faster (enough
    /// channels in and out to pay for the transforms: on Intel's AVX-512 cores from about
    /// 32 -> 32, on AVX2 and AMD's AVX-512 cores from 16 -> 16): 2.25 to 4 times fewer
    /// multiplications, results within a derived bound of the direct convolution's but not its
    /// bits. Default true, or false when
    /// <c>MODELGEN_WINOGRAD=0</c>. Results stay independent of the thread count either way;
    /// the workspace size does not depend on it.
    /// </summary>
    public static bool Winograd { get; set; } = Environment.GetEnvironmentVariable(WinogradEnvironmentVariable) != "0";

    /// <summary>What the public calls pass down: Winograd where it fits and pays, unless switched off.</summary>
    private static WinogradMode WinogradMode => Winograd ? WinogradMode.Auto : WinogradMode.Never;

    /// <summary>
    /// Floats of workspace a layer needs for batches of up to <paramref name="batch"/> images with
    /// the current <see cref="KernelThreads.ThreadCount"/> (raising the thread count later only
    /// leaves the extra threads idle). Allocate it once and pass it to every call.
    /// </summary>
    public static int WorkspaceSize(in ConvShape s, int batch) => WorkspaceSize(GemmPaths.Best, s, batch);

    /// <summary>The workspace for a given path (tests force paths whose tiles differ in size).</summary>
    internal static int WorkspaceSize(GemmPath path, in ConvShape s, int batch)
    {
        s.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return new ConvPlan(s, path, batch).WorkspaceFloats(Math.Max(1, KernelThreads.ThreadCount));
    }

    /// <summary>
    /// output (count x F x OH x OW) = activation(weights ⊛ input (count x C x H x W) + bias). The
    /// activation is applied as each image's output is written (no pass of its own) and gives
    /// the same bits as <see cref="Activations.Relu"/> on the unfused output.
    /// </summary>
    /// <remarks>
    /// The workspace holds nothing between calls: any layers that never run at the same time may
    /// share one workspace of the largest size they need.
    /// </remarks>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, Span<float> workspace, in ConvShape s, int count, FusedActivation activation = FusedActivation.None) =>
        Forward(GemmPaths.Best, input, weights, bias, output, workspace, s, count, activation, WinogradMode);

    /// <summary>
    /// Gradients of a forward pass: weightGradient and biasGradient are overwritten (summed over
    /// the images); inputGradient is overwritten, or skipped when empty (a first layer). When
    /// <paramref name="reluOutput"/> is not empty it must be the output of a Forward with
    /// <see cref="FusedActivation.Relu"/>: <paramref name="outputGradient"/> is then the gradient of
    /// that ReLU's output, and the gradient propagated is outputGradient where reluOutput &gt; 0,
    /// else 0 (<see cref="Activations.ReluBackward"/>), applied as dY is read. Neither
    /// outputGradient nor reluOutput is modified. Backward reads nothing that Forward left in the
    /// workspace.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> workspace, in ConvShape s, int count, ReadOnlySpan<float> reluOutput = default) =>
        Backward(GemmPaths.Best, input, weights, outputGradient, weightGradient, biasGradient, inputGradient, workspace, s, count, reluOutput, WinogradMode);

    /// <summary>
    /// The backward pass of this convolution, a ReLU fused into its Forward
    /// (<see cref="FusedActivation.Relu"/>) and the max pool that read that output: the same bits as
    /// <see cref="Pooling.MaxBackward(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float}, in PoolShape, int)"/> into a full-size gradient followed by
    /// <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, Span{float}, in ConvShape, int, ReadOnlySpan{float})"/>
    /// with the ReLU output, but each image's output gradient is rebuilt in cache from the
    /// pooled gradient, the argmax and the pooled output (the ReLU output at each argmax), so the
    /// pool's backward pass and its full-size gradient buffer are gone. The pool must read this
    /// convolution's output: <paramref name="pool"/> is Filters x OutHeight x OutWidth.
    /// </summary>
    public static void BackwardThroughMaxPool(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> pooledGradient, ReadOnlySpan<int> argmax, ReadOnlySpan<float> pooledOutput, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> workspace, in ConvShape s, in PoolShape pool, int count) =>
        BackwardThroughMaxPool(GemmPaths.Best, input, weights, pooledGradient, argmax, pooledOutput, weightGradient, biasGradient, inputGradient, workspace, s, pool, count, WinogradMode);

    /// <summary>
    /// pooled (count x F x PH x PW) = the max pool of activation(weights ⊛ input + bias), with
    /// argmax as <see cref="Pooling.MaxForward(ReadOnlySpan{float}, Span{float}, Span{int}, in PoolShape, int)"/> writes it (skipped when empty, for inference):
    /// the same bits as <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, in ConvShape, int, FusedActivation)"/>
    /// then <see cref="Pooling.MaxForward(ReadOnlySpan{float}, Span{float}, Span{int}, in PoolShape, int)"/>, but each image is pooled while its output is in
    /// cache and the full-size output is never written. <paramref name="pool"/> must read the
    /// whole output: Filters x OutHeight x OutWidth.
    /// </summary>
    public static void ForwardMaxPool(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> pooled, Span<int> argmax, Span<float> workspace, in ConvShape s, in PoolShape pool, int count, FusedActivation activation = FusedActivation.None) =>
        ForwardMaxPool(GemmPaths.Best, input, weights, bias, pooled, argmax, workspace, s, pool, count, activation, WinogradMode);

    internal static unsafe void Forward(GemmPath path, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, Span<float> workspace, in ConvShape s, int count, FusedActivation activation = FusedActivation.None, WinogradMode winograd = WinogradMode.Never)
    {
        CheckForward(input, weights, bias, s, count, activation);
        Require(output.Length, (long)count * s.OutputSize, nameof(output), "the output images");
        fixed (float* py = output)
        {
            RunForward(path, input, weights, bias, py, default, null, workspace, s, count, activation, winograd);
        }
    }

    internal static unsafe void ForwardMaxPool(GemmPath path, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> pooled, Span<int> argmax, Span<float> workspace, in ConvShape s, in PoolShape pool, int count, FusedActivation activation = FusedActivation.None, WinogradMode winograd = WinogradMode.Never)
    {
        CheckForward(input, weights, bias, s, count, activation);
        CheckPool(s, pool);
        Require(pooled.Length, (long)count * pool.OutputSize, nameof(pooled), "the pooled images");
        if (!argmax.IsEmpty)
        {
            Require(argmax.Length, (long)count * pool.OutputSize, nameof(argmax), "the pooling argmax (or pass an empty span)");
        }

        fixed (float* pp = pooled)
        fixed (int* pa = argmax)
        {
            RunForward(path, input, weights, bias, pp, pool, pa, workspace, s, count, activation, winograd);
        }
    }

    private static void CheckForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, in ConvShape s, int count, FusedActivation activation)
    {
        s.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (activation is not (FusedActivation.None or FusedActivation.Relu))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Conv2D supports FusedActivation.None and FusedActivation.Relu.");
        }

        Require(input.Length, (long)count * s.InputSize, nameof(input), "the input images");
        Require(weights.Length, s.WeightSize, nameof(weights), "the weights");
        Require(bias.Length, s.Filters, nameof(bias), "the bias");
    }

    /// <summary>A fused max pool must read the convolution's whole output.</summary>
    private static void CheckPool(in ConvShape s, in PoolShape pool)
    {
        pool.Validate();
        if (pool.Channels != s.Filters || pool.Height != s.OutHeight || pool.Width != s.OutWidth)
        {
            throw new ArgumentException($"The pool reads {pool.Channels}x{pool.Height}x{pool.Width} maps but the convolution writes {s.Filters}x{s.OutHeight}x{s.OutWidth}.", nameof(pool));
        }
    }

    /// <summary>The checked forward pass: into output, or, when a pool is given (Size &gt; 0), pooled into output.</summary>
    private static unsafe void RunForward(GemmPath path, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float* output, in PoolShape pool, int* argmax, Span<float> workspace, in ConvShape s, int count, FusedActivation activation, WinogradMode winograd)
    {
        var plan = new ConvPlan(s, path, count, winograd);
        int slices = RequireWorkspace(plan, workspace.Length);
        int parts = ConvForwardJob.PartsPerImage(plan, count);
        int participants = Math.Min(KernelThreads.ParticipantsFor(count * parts), slices);

        fixed (float* px = input, pw = weights, pb = bias, pws = workspace)
        {
            float* shared = GemmScratch.Align64(pws);
            bool panels = false;
            float* winogradFilters = null;
            if (plan.WinogradForward)
            {
                winogradFilters = PackedFilterCache.Get(pw, s.WeightSize, plan.WF, plan.MR);
            }
            else if (plan.Implicit)
            {
                ConvPacking.Offsets(plan, (int*)(shared + plan.OffsetsF));
                ConvPacking.PackWeights(plan, pw, shared + plan.PackedW);
                panels = UsePanels(path, plan.PW, plan.OW, plan.FRows / plan.MR) && ConvPanels.BuildTable(plan.OH * plan.OW, plan.OW, plan.PW, (int*)(shared + plan.PanelTableF));
            }

            var job = ConvForwardJob.For(plan, path, panels, activation == FusedActivation.Relu, px, pw, pb, output, shared, winogradFilters);
            if (pool.Size > 0)
            {
                job.ThenMaxPool(pool, argmax);
            }

            KernelThreads.Run(job.InParts(parts), count * parts, participants);
        }
    }

    internal static unsafe void Backward(GemmPath path, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> workspace, in ConvShape s, int count, ReadOnlySpan<float> reluOutput = default, WinogradMode winograd = WinogradMode.Never)
    {
        CheckBackward(input, weights, weightGradient, biasGradient, inputGradient, s, count);
        Require(outputGradient.Length, (long)count * s.OutputSize, nameof(outputGradient), "the output gradients");
        if (!reluOutput.IsEmpty)
        {
            Require(reluOutput.Length, (long)count * s.OutputSize, nameof(reluOutput), "the ReLU outputs (or pass an empty span)");
        }

        fixed (float* pdy = outputGradient, pry = reluOutput)
        {
            RunBackward(path, input, weights, pdy, pry, default, null, null, null, weightGradient, biasGradient, inputGradient, workspace, s, count, winograd);
        }
    }

    internal static unsafe void BackwardThroughMaxPool(GemmPath path, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> pooledGradient, ReadOnlySpan<int> argmax, ReadOnlySpan<float> pooledOutput, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> workspace, in ConvShape s, in PoolShape pool, int count, WinogradMode winograd = WinogradMode.Never)
    {
        CheckBackward(input, weights, weightGradient, biasGradient, inputGradient, s, count);
        CheckPool(s, pool);
        Require(pooledGradient.Length, (long)count * pool.OutputSize, nameof(pooledGradient), "the pooled gradients");
        Require(argmax.Length, (long)count * pool.OutputSize, nameof(argmax), "the pooling argmax");
        Require(pooledOutput.Length, (long)count * pool.OutputSize, nameof(pooledOutput), "the pooled outputs");
        fixed (float* pg = pooledGradient, po = pooledOutput)
        fixed (int* pa = argmax)
        {
            RunBackward(path, input, weights, null, null, pool, pg, pa, po, weightGradient, biasGradient, inputGradient, workspace, s, count, winograd);
        }
    }

    private static void CheckBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, in ConvShape s, int count)
    {
        s.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Require(input.Length, (long)count * s.InputSize, nameof(input), "the input images");
        Require(weights.Length, s.WeightSize, nameof(weights), "the weights");
        Require(weightGradient.Length, s.WeightSize, nameof(weightGradient), "the weight gradient");
        Require(biasGradient.Length, s.Filters, nameof(biasGradient), "the bias gradient");
        if (!inputGradient.IsEmpty)
        {
            Require(inputGradient.Length, (long)count * s.InputSize, nameof(inputGradient), "the input gradients (or pass an empty span)");
        }
    }

    /// <summary>The checked backward pass: the output gradient comes from pdy (gated by pry), or through a max pool when pooledGradient is not null.</summary>
    private static unsafe void RunBackward(GemmPath path, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, float* pdy, float* pry, in PoolShape pool, float* pooledGradient, int* argmax, float* pooledOutput, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> workspace, in ConvShape s, int count, WinogradMode winograd)
    {
        var plan = new ConvPlan(s, path, count, winograd);
        int slices = RequireWorkspace(plan, workspace.Length);
        int chunks = Math.Min(ConvPlan.MaxGradientChunks, count);

        fixed (float* px = input, pw = weights, pdw = weightGradient, pdb = biasGradient, pdx = inputGradient, pws = workspace)
        {
            float* shared = GemmScratch.Align64(pws);
            if (plan.Implicit)
            {
                ConvPacking.Offsets(plan, (int*)(shared + plan.OffsetsF));
            }

            bool panels = false;
            if (plan.WinogradBack && pdx != null)
            {
                WinogradTransforms.PackFilters(pw, flipped: true, plan.WB, plan.MR, shared + plan.PackedWB);
            }
            else if (plan.ImplicitBackData && pdx != null)
            {
                ConvPacking.BackOffsets(plan, (int*)(shared + plan.OffsetsB));
                ConvPacking.PackFlippedWeights(plan, pw, shared + plan.PackedWFlip);
                panels = UsePanels(path, plan.BPW, s.Width, plan.CRows / plan.MR) && ConvPanels.BuildTable(s.Height * s.Width, s.Width, plan.BPW, (int*)(shared + plan.PanelTableB));
            }

            var job = ConvBackwardJob.For(plan, path, panels, px, pw, pdy, pry, pdx, shared, count, chunks);
            if (pooledGradient != null)
            {
                job.ThroughMaxPool(pool, pooledGradient, argmax, pooledOutput);
            }

            int participants = Math.Min(KernelThreads.ParticipantsFor(job.ChunkCount), slices);
            KernelThreads.Run(job, job.ChunkCount, participants);

            // Add the chunks' sums in chunk order, then transpose gradWᵀ into (F, C, K, K) or
            // transform Winograd's dU into it.
            if (plan.WinogradWeights)
            {
                ConvGradientSumJob.SumBiases(plan, shared, chunks);
                ConvWinogradGradientSumJob.Run(plan, shared, chunks, pdw);
            }
            else
            {
                ConvGradientSumJob.Run(plan, path == GemmPath.Avx512, shared, chunks, pdw);
            }

            var biasTotal = new Span<float>(shared + plan.GradB, s.Filters);
            biasTotal.CopyTo(biasGradient);
        }
    }

    /// <summary>
    /// Packed panels (<see cref="ConvPanels"/>, AVX-512 only) instead of the wide grid when the
    /// grid's discarded fraction (PW − OW) / PW, times the row tiles that share each panel's
    /// build cost, is at least 0.6. Measured per image: panels win 11-15% on the 8x8 layers
    /// (20% discarded, 4-8 row tiles) and lose 10-20% on 28x28 / 16 filters and 16x16 / 32.
    /// </summary>
    private static bool UsePanels(GemmPath path, int wideWidth, int width, int rowTiles) =>
        path == GemmPath.Avx512 && Avx512F.IsSupported && (wideWidth - width) * rowTiles * 5 >= 3 * wideWidth;

    private static int RequireWorkspace(in ConvPlan plan, int length)
    {
        int slices = plan.SlicesIn(length);
        if (slices < 1)
        {
            throw new ArgumentException($"workspace has {length} floats but this layer needs at least {plan.WorkspaceFloats(1)}; size it with Conv2D.WorkspaceSize.", "workspace");
        }

        return slices;
    }

    private static void Require(int length, long needed, string name, string what)
    {
        if (length < needed)
        {
            throw new ArgumentException($"{name} has {length} floats but {what} need {needed}.", name);
        }
    }
}
