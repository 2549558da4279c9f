using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// A max pool fused into the convolution before it gives the same bits as the passes it
/// replaces. Conv2D.ForwardMaxPool: Conv2D.Forward, then Pooling.MaxForward.
/// Conv2D.BackwardThroughMaxPool: the pool's MaxBackward into a full-size gradient, then
/// Conv2D.Backward gated by the ReLU output.
/// </summary>
public class ConvPoolFusionTests
{
    public static TheoryData<string> Paths => GemmTests.Paths;

    /// <summary>Each convolution with a pool over its whole output: the 2x2 kernels (wide, 16 and 8 wide), generic windows, overlapping windows, and the im2col path.</summary>
    private static readonly (ConvShape Conv, int Size, int Stride)[] Cases =
    [
        (new ConvShape(16, 28, 28, 16, 3, 1, 1), 2, 2),
        (new ConvShape(32, 14, 14, 32, 3, 1, 2), 2, 2),
        (new ConvShape(64, 8, 8, 64, 3, 1, 1), 2, 2),
        (new ConvShape(3, 8, 8, 5, 3, 1, 0), 3, 3),
        (new ConvShape(2, 6, 6, 3, 3, 1, 1), 3, 1),
        (new ConvShape(3, 11, 11, 4, 3, 2, 1), 2, 2),
    ];

    private static PoolShape PoolOf(ConvShape s, int size, int stride) => new(s.Filters, s.OutHeight, s.OutWidth, size, stride);

    [Theory]
    [MemberData(nameof(Paths))]
    public void Forward_with_a_max_pool_equals_the_separate_passes(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        int seed = 700;
        foreach (var (s, size, stride) in Cases)
        {
            var pool = PoolOf(s, size, stride);
            foreach (var activation in new[] { FusedActivation.Relu, FusedActivation.None })
            {
                const int batch = 4, count = 3; // count < batch: the last image is not touched
                string context = $"{path} {s} {pool} {activation}";
                float[] x = Reference.Random(batch * s.InputSize, seed++);
                float[] w = Reference.Random(s.WeightSize, seed++);
                float[] b = Reference.Random(s.Filters, seed++);
                float[] workspace = new float[Conv2D.WorkspaceSize(path, s, batch)];
                float[] y = new float[count * s.OutputSize];
                Conv2D.Forward(path, x, w, b, y, workspace, s, count, activation);
                float[] expected = new float[count * pool.OutputSize];
                int[] expectedArgmax = new int[expected.Length];
                Pooling.MaxForward(y, expected, expectedArgmax, pool, count);

                float[] pooled = new float[batch * pool.OutputSize];
                int[] argmax = new int[pooled.Length];
                Array.Fill(pooled, 7f);
                Array.Fill(argmax, -7);
                Conv2D.ForwardMaxPool(path, x, w, b, pooled, argmax, workspace, s, pool, count, activation);
                Reference.AssertBits(expected, pooled.AsSpan(0, expected.Length), context);
                Assert.Equal(expectedArgmax, argmax.AsSpan(0, expected.Length).ToArray());
                Assert.All(pooled.AsSpan(expected.Length).ToArray(), v => Assert.Equal(7f, v));
                Assert.All(argmax.AsSpan(expected.Length).ToArray(), v => Assert.Equal(-7, v));

                // Inference: no argmax, the same pooled values.
                float[] inference = new float[count * pool.OutputSize];
                Conv2D.ForwardMaxPool(path, x, w, b, inference, default, workspace, s, pool, count, activation);
                Reference.AssertBits(expected, inference, context + " without argmax");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Backward_through_a_max_pool_equals_the_separate_passes(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        int seed = 500;
        foreach (var (conv, size, stride) in Cases)
        {
            foreach (int count in new[] { 1, 5 })
            {
                Check(path, conv, PoolOf(conv, size, stride), count, withInputGradient: true, seed);
                seed += 4;
            }

            Check(path, conv, PoolOf(conv, size, stride), 2, withInputGradient: false, seed);
            seed += 4;
        }
    }

    private static void Check(GemmPath path, ConvShape s, PoolShape pool, int count, bool withInputGradient, int seed)
    {
        int batch = count + 1;
        string context = $"{path} {s} {pool} count={count}";
        var (x, w, y, pooled, argmax, pooledGradient, workspace) = Setup(path, s, pool, batch, seed);

        // The separate passes: route to the argmax, then the convolution gates by y.
        float[] dy = new float[batch * s.OutputSize];
        Pooling.MaxBackward(pooledGradient, argmax, dy, pool, batch);
        var expected = Outputs(s, x.Length, withInputGradient);
        Conv2D.Backward(path, x, w, dy, expected.DW, expected.DB, expected.DX, workspace, s, count, y);

        float[] pooledGradientSaved = pooledGradient.ToArray(), pooledSaved = pooled.ToArray();
        var actual = Outputs(s, x.Length, withInputGradient);
        Conv2D.BackwardThroughMaxPool(path, x, w, pooledGradient, argmax, pooled, actual.DW, actual.DB, actual.DX, workspace, s, pool, count);

        Assert.True(expected.DW.Any(v => v != 0) && dy.Any(v => v != 0), $"{context}: the data should give nonzero gradients");
        Reference.AssertBits(expected.DW, actual.DW, context + " dW");
        Reference.AssertBits(expected.DB, actual.DB, context + " db");
        Reference.AssertBits(expected.DX, actual.DX, context + " dx");
        Assert.Equal(pooledGradientSaved, pooledGradient);
        Assert.Equal(pooledSaved, pooled);
    }

    [Fact]
    public void Backward_through_a_max_pool_is_bit_identical_for_any_thread_count()
    {
        var s = new ConvShape(16, 28, 28, 16, 3, 1, 1);
        var pool = PoolOf(s, 2, 2);
        const int batch = 13;
        var (x, w, _, pooled, argmax, pooledGradient, _) = Setup(GemmPaths.Best, s, pool, batch, seed: 9);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var result = KernelThreadsTests.WithThreads(threads, () =>
            {
                float[] ws = new float[Conv2D.WorkspaceSize(s, batch)];
                float[] dw = new float[s.WeightSize], db = new float[s.Filters], dx = new float[batch * s.InputSize];
                Conv2D.BackwardThroughMaxPool(x, w, pooledGradient, argmax, pooled, dw, db, dx, ws, s, pool, batch);
                return dw.Concat(db).Concat(dx).ToArray();
            });
            first ??= result;
            Assert.Equal(first, result);
        }
    }

    [Fact]
    public void A_pool_that_does_not_read_the_convolution_output_or_short_pool_buffers_throw_in_both_directions()
    {
        var s = new ConvShape(2, 6, 6, 3, 3, 1, 1);
        var pool = PoolOf(s, 2, 2);
        const int batch = 2;
        var (x, w, _, pooled, argmax, pooledGradient, ws) = Setup(GemmPaths.Best, s, pool, batch, seed: 3);
        float[] dw = new float[s.WeightSize], db = new float[s.Filters], dx = new float[x.Length];

        var otherPool = new PoolShape(4, 6, 6, 2, 2);
        float[] b = new float[s.Filters];
        Assert.Equal("pool", Assert.Throws<ArgumentException>(() => Conv2D.ForwardMaxPool(x, w, b, pooled, argmax, ws, s, otherPool, batch)).ParamName);
        Assert.Equal("pooled", Assert.Throws<ArgumentException>(() => Conv2D.ForwardMaxPool(x, w, b, pooled.AsSpan(1), argmax, ws, s, pool, batch)).ParamName);
        Assert.Equal("argmax", Assert.Throws<ArgumentException>(() => Conv2D.ForwardMaxPool(x, w, b, pooled, argmax.AsSpan(1), ws, s, pool, batch)).ParamName);
        var wrong = Assert.Throws<ArgumentException>(() => Conv2D.BackwardThroughMaxPool(x, w, pooledGradient, argmax, pooled, dw, db, dx, ws, s, otherPool, batch));
        Assert.Equal("pool", wrong.ParamName);
        Assert.Contains("4x6x6", wrong.Message, StringComparison.Ordinal);
        Assert.Equal("pooledGradient", Assert.Throws<ArgumentException>(() => Conv2D.BackwardThroughMaxPool(x, w, pooledGradient.AsSpan(1), argmax, pooled, dw, db, dx, ws, s, pool, batch)).ParamName);
        Assert.Equal("argmax", Assert.Throws<ArgumentException>(() => Conv2D.BackwardThroughMaxPool(x, w, pooledGradient, argmax.AsSpan(1), pooled, dw, db, dx, ws, s, pool, batch)).ParamName);
        Assert.Equal("pooledOutput", Assert.Throws<ArgumentException>(() => Conv2D.BackwardThroughMaxPool(x, w, pooledGradient, argmax, pooled.AsSpan(1), dw, db, dx, ws, s, pool, batch)).ParamName);
    }

    /// <summary>Inputs, a ReLU forward pass and its max pool, and a random pooled gradient.</summary>
    private static (float[] X, float[] W, float[] Y, float[] Pooled, int[] Argmax, float[] PooledGradient, float[] Workspace) Setup(GemmPath path, ConvShape s, PoolShape pool, int batch, int seed)
    {
        float[] x = Reference.Random(batch * s.InputSize, seed);
        float[] w = Reference.Random(s.WeightSize, seed + 1);
        float[] b = Reference.Random(s.Filters, seed + 2);
        b[0] = -100f; // filter 0's maps are all cut by ReLU, so large windows still see zeros
        float[] workspace = new float[Conv2D.WorkspaceSize(path, s, batch)];
        float[] y = new float[batch * s.OutputSize];
        Conv2D.Forward(path, x, w, b, y, workspace, s, batch, FusedActivation.Relu);
        float[] pooled = new float[batch * pool.OutputSize];
        int[] argmax = new int[pooled.Length];
        Pooling.MaxForward(y, pooled, argmax, pool, batch);
        Assert.True(pooled.Contains(0f) && pooled.Any(v => v > 0), $"{s}: the pooled ReLU output should have both zeros and positives");
        return (x, w, y, pooled, argmax, Reference.Random(pooled.Length, seed + 3), workspace);
    }

    private static (float[] DW, float[] DB, float[] DX) Outputs(ConvShape s, int inputLength, bool withInputGradient) =>
        // Garbage that must be overwritten.
        (Reference.Random(s.WeightSize, 1), Reference.Random(s.Filters, 2), withInputGradient ? Reference.Random(inputLength, 3) : []);
}
