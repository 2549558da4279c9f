using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// Winograd F(2 x 2, 3 x 3) against the double-precision direct convolution, with a tolerance
/// derived for the algorithm (see <see cref="WinogradBound"/>), for the forward pass, the
/// input gradient and the weight gradient (the algorithm run backwards), and the properties the direct
/// path has: fused and separate ReLU and max pool give the same bits, and the thread count
/// changes nothing (KernelThreadsTests runs the public API, which takes Winograd).
/// </summary>
public class WinogradTests
{
    public static TheoryData<string> Paths => new() { nameof(GemmPath.Avx512), nameof(GemmPath.Avx2) };

    // The DeepConvNet layers (conv1 has one channel and stays direct), pads 0, 1 and 2, odd
    // sides (a last tile row and column cut in half), ragged channel counts, and a map whose
    // tiles fill several 8-lane vectors per tile row with a ragged end.
    internal static readonly ConvShape[] Shapes =
    [
        new(16, 28, 28, 16, 3, 1, 1), new(16, 14, 14, 32, 3, 1, 1), new(32, 14, 14, 32, 3, 1, 2),
        new(32, 8, 8, 64, 3, 1, 1), new(64, 8, 8, 64, 3, 1, 1),
        new(5, 7, 6, 4, 3, 1, 1), new(4, 9, 9, 7, 3, 1, 0), new(6, 5, 5, 9, 3, 1, 2), new(4, 3, 3, 4, 3, 1, 1),
        new(7, 11, 37, 5, 3, 1, 1), new(4, 6, 34, 13, 3, 1, 0),
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Forward_matches_the_direct_convolution_within_the_winograd_bound(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        int seed = 1000;
        double worst = 0;
        foreach (ConvShape s in Shapes)
        {
            Assert.True(new ConvPlan(s, path, 1, WinogradMode.Always).WinogradForward, $"{s} should run Winograd");
            const int batch = 3, count = 2;
            float[] x = Reference.Random(batch * s.InputSize, seed++);
            float[] w = Reference.Random(s.WeightSize, seed++);
            float[] b = Reference.Random(s.Filters, seed++);
            float[] y = new float[batch * s.OutputSize];
            Array.Fill(y, 7f);
            float[] workspace = new float[Conv2D.WorkspaceSize(path, s, batch)];
            Conv2D.Forward(path, x, w, b, y, workspace, s, count, winograd: WinogradMode.Always);
            var (expected, _) = ConvReference.Forward(s, x, w, b, count);
            double[] bound = WinogradBound.Forward(s, x, w, b, count);
            worst = Math.Max(worst, AssertWithin(y.AsSpan(0, count * s.OutputSize), expected, bound, s.Channels, $"{path} {s}"));
            Assert.All(y.AsSpan(count * s.OutputSize).ToArray(), v => Assert.Equal(7f, v));
        }

        // The bound is an upper limit; the actual errors stay well inside it.
        Assert.True(worst < 0.25, $"largest error is {worst:P0} of the bound");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Input_gradient_matches_the_reference_within_the_winograd_bound(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        int seed = 2000;
        foreach (ConvShape s in Shapes)
        {
            Assert.True(new ConvPlan(s, path, 1, WinogradMode.Always).WinogradBack, $"{s} should run Winograd backward");
            const int count = 3, batch = 4;
            float[] x = Reference.Random(batch * s.InputSize, seed++);
            float[] w = Reference.Random(s.WeightSize, seed++);
            float[] dy = Reference.Random(batch * s.OutputSize, seed++);
            float[] dw = new float[s.WeightSize], db = new float[s.Filters];
            float[] dx = Reference.Random(batch * s.InputSize, seed++);
            float[] workspace = new float[Conv2D.WorkspaceSize(path, s, batch)];
            Conv2D.Backward(path, x, w, dy, dw, db, dx, workspace, s, count, winograd: WinogradMode.Always);
            var r = ConvReference.Backward(s, x, w, dy, count);
            string context = $"{path} {s}";
            AssertWithin(dx.AsSpan(0, count * s.InputSize), r.DX, WinogradBound.InputGradient(s, w, dy, count), s.Filters, context + " dx");
            // The weight gradient runs Winograd backwards (its own bound); the bias gradient is
            // the direct path's sum, with its bound.
            int tile = new ConvPlan(s, path, count, WinogradMode.Always).WG.Tile;
            AssertWithin(dw, r.DW, WinogradBound.WeightGradient(s, tile, x, dy, count), WinogradBound.Tiles(s, tile) * count, context + " dW");
            int positions = count * s.OutHeight * s.OutWidth;
            Reference.AssertClose(db, r.DB, r.DBAbs, positions + 8, context + " db");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Weight_gradient_matches_the_reference_within_the_winograd_bound_over_many_images(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        // 21 images in 8 gradient chunks of 2 or 3: the 8 x 8 maps stack several images per
        // block of tiles, so chunks end on partial blocks. 8 x 8 and 28 x 28 maps take 4 x 4
        // tiles, the odd map and 14 x 14 2 x 2 tiles (the odd one cut at its last row and column).
        int seed = 2500;
        double worst = 0;
        var tiles = new HashSet<int>();
        foreach (ConvShape s in new ConvShape[] { new(32, 8, 8, 64, 3, 1, 1), new(64, 8, 8, 64, 3, 1, 1), new(5, 7, 6, 9, 3, 1, 1), new(16, 28, 28, 16, 3, 1, 1), new(16, 14, 14, 32, 3, 1, 1) })
        {
            const int count = 21;
            var plan = new ConvPlan(s, path, count, WinogradMode.Always);
            Assert.True(plan.WinogradWeights, $"{s} should run the Winograd weight gradient");
            tiles.Add(plan.WG.Tile);
            float[] x = Reference.Random(count * s.InputSize, seed++);
            float[] w = Reference.Random(s.WeightSize, seed++);
            float[] dy = Reference.Random(count * s.OutputSize, seed++);
            float[] dw = Reference.Random(s.WeightSize, seed++), db = new float[s.Filters];
            float[] workspace = new float[Conv2D.WorkspaceSize(path, s, count)];
            Array.Fill(workspace, float.NaN);
            Conv2D.Backward(path, x, w, dy, dw, db, default, workspace, s, count, winograd: WinogradMode.Always);
            var r = ConvReference.Backward(s, x, w, dy, count);
            worst = Math.Max(worst, AssertWithin(dw, r.DW, WinogradBound.WeightGradient(s, plan.WG.Tile, x, dy, count), WinogradBound.Tiles(s, plan.WG.Tile) * count, $"{path} {s} dW"));
        }

        Assert.Equal([2, 4], tiles.Order());
        Assert.True(worst < 0.25, $"largest error is {worst:P0} of the bound");
    }

    [Theory]
    [InlineData(nameof(GemmPath.Avx512), true, 16, 16, false)]
    [InlineData(nameof(GemmPath.Avx512), true, 16, 32, false)]
    [InlineData(nameof(GemmPath.Avx512), true, 32, 32, true)]
    [InlineData(nameof(GemmPath.Avx512), false, 16, 16, true)]
    [InlineData(nameof(GemmPath.Avx2), true, 16, 16, true)]
    [InlineData(nameof(GemmPath.Avx2), false, 8, 8, true)]
    [InlineData(nameof(GemmPath.Avx2), false, 4, 4, false)]
    public void Winograd_pays_where_it_measured_faster_per_path_and_vendor(string pathName, bool intel, int inChannels, int outChannels, bool expected) =>
        Assert.Equal(expected, WinogradShape.Pays(Enum.Parse<GemmPath>(pathName), inChannels, outChannels, intel));

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fused_relu_and_max_pool_give_the_bits_of_the_separate_passes(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        int seed = 3000;
        foreach (ConvShape s in Shapes.Where(s => s.OutHeight % 2 == 0 && s.OutWidth % 2 == 0))
        {
            const int count = 3;
            var pool = new PoolShape(s.Filters, s.OutHeight, s.OutWidth, 2, 2);
            float[] x = Reference.Random(count * s.InputSize, seed++);
            float[] w = Reference.Random(s.WeightSize, seed++);
            float[] b = Reference.Random(s.Filters, seed++);
            float[] workspace = new float[Conv2D.WorkspaceSize(path, s, count)];
            string context = $"{path} {s}";

            // Forward: Relu(conv) then pool, against the fused forms.
            float[] plain = new float[count * s.OutputSize], relu = new float[plain.Length], fusedRelu = new float[plain.Length];
            Conv2D.Forward(path, x, w, b, plain, workspace, s, count, winograd: WinogradMode.Always);
            Activations.Relu(plain, relu);
            Conv2D.Forward(path, x, w, b, fusedRelu, workspace, s, count, FusedActivation.Relu, winograd: WinogradMode.Always);
            Reference.AssertBits(relu, fusedRelu, context + " fused ReLU");
            float[] pooled = new float[count * pool.OutputSize], fusedPooled = new float[pooled.Length];
            int[] argmax = new int[pooled.Length], fusedArgmax = new int[pooled.Length];
            Pooling.MaxForward(relu, pooled, argmax, pool, count);
            Conv2D.ForwardMaxPool(path, x, w, b, fusedPooled, fusedArgmax, workspace, s, pool, count, FusedActivation.Relu, winograd: WinogradMode.Always);
            Reference.AssertBits(pooled, fusedPooled, context + " fused pool");
            Assert.Equal(argmax, fusedArgmax);

            // Backward through the pool and the ReLU, separate against fused.
            float[] pooledGradient = Reference.Random(pooled.Length, seed++);
            float[] routed = new float[plain.Length];
            Pooling.MaxBackward(pooledGradient, argmax, routed, pool, count);
            float[] dw1 = new float[s.WeightSize], db1 = new float[s.Filters], dx1 = new float[count * s.InputSize];
            float[] dw2 = new float[s.WeightSize], db2 = new float[s.Filters], dx2 = new float[count * s.InputSize];
            Conv2D.Backward(path, x, w, routed, dw1, db1, dx1, workspace, s, count, relu, winograd: WinogradMode.Always);
            Conv2D.BackwardThroughMaxPool(path, x, w, pooledGradient, argmax, pooled, dw2, db2, dx2, workspace, s, pool, count, winograd: WinogradMode.Always);
            Reference.AssertBits(dw1, dw2, context + " dW");
            Reference.AssertBits(db1, db2, context + " db");
            Reference.AssertBits(dx1, dx2, context + " dx");
        }
    }

    /// <summary>
    /// Asserts |actual − expected| ≤ (terms + 12) · 2⁻²⁴ · bound per element and returns the
    /// largest error as a share of its tolerance. The count of roundings along any path through
    /// the algorithm: the sum of each transformed product (over the channels, or for the
    /// weight gradient over the images' tiles), the input transform (2 levels of additions),
    /// the filter transform (rounded once from double), the output transform (2 levels of up
    /// to 3 terms) or the output gradient's (2 levels of 2), the bias, with room for the products.
    /// </summary>
    private static double AssertWithin(ReadOnlySpan<float> actual, double[] expected, double[] bound, int terms, string context)
    {
        double u = Math.Pow(2, -24), worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = (terms + 12) * u * bound[i] + 1e-30;
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= tolerance))
            {
                Assert.Fail($"{context}: element {i} is {actual[i]}, expected {expected[i]} (error {error:g3} > Winograd tolerance {tolerance:g3})");
            }

            worst = Math.Max(worst, error / tolerance);
        }

        return worst;
    }
}

/// <summary>
/// The magnitude that bounds Winograd F(2 x 2, 3 x 3)'s rounding error, per output: the sum
/// over the 16 transformed products and the channels of |U| · |V|, each carried through the
/// output transform's |coefficients|, where |V| = |Bᵀ| |d| |B| bounds every partial sum of the
/// input transform and U = G g Gᵀ is exact. This is the Σ|terms| of the classic float
/// summation bound, taken over the terms the algorithm actually adds (which can be larger
/// than the direct convolution's Σ|w·x|, as the transforms add before they multiply).
/// </summary>
internal static class WinogradBound
{
    private static readonly double[,] B = { { 1, 0, -1, 0 }, { 0, 1, 1, 0 }, { 0, -1, 1, 0 }, { 0, 1, 0, -1 } }; // Bᵀ
    private static readonly double[,] G = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };
    private static readonly double[,] A = { { 1, 1, 1, 0 }, { 0, 1, -1, -1 } }; // Aᵀ

    public static double[] Forward(in ConvShape s, float[] x, float[] w, float[] bias, int count)
    {
        var shape = s;
        return Bound(s.Channels, s.Height, s.Width, s.Pad, s.Filters, (o, i, k) => w[(o * shape.Channels + i) * 9 + k], x, bias, count);
    }

    /// <summary>Tiles per image: m x m blocks of the output.</summary>
    public static int Tiles(in ConvShape s, int m) => (s.OutHeight + m - 1) / m * ((s.OutWidth + m - 1) / m);

    // F(4 x 4, 3 x 3) (Lavin and Gray): Bᵀ 6 x 6, G 6 x 3, Aᵀ 4 x 6.
    private static readonly double[,] B4 =
    {
        { 4, 0, -5, 0, 1, 0 }, { 0, -4, -4, 1, 1, 0 }, { 0, 4, -4, -1, 1, 0 },
        { 0, -2, -1, 2, 1, 0 }, { 0, 2, -1, -2, 1, 0 }, { 0, 4, 0, -5, 0, 1 },
    };

    private static readonly double[,] G4 =
    {
        { 0.25, 0, 0 }, { -1 / 6.0, -1 / 6.0, -1 / 6.0 }, { -1 / 6.0, 1 / 6.0, -1 / 6.0 },
        { 1 / 24.0, 1 / 12.0, 1 / 6.0 }, { 1 / 24.0, -1 / 12.0, 1 / 6.0 }, { 0, 0, 1 },
    };

    private static readonly double[,] A4 = { { 1, 1, 1, 1, 1, 0 }, { 0, 1, -1, 2, -2, 0 }, { 0, 1, 1, 4, 4, 0 }, { 0, 1, -1, 8, -8, 1 } };

    /// <summary>
    /// The weight gradient run through F(m x m, 3 x 3) backwards: dU_ξ = Σ (A dY Aᵀ)_ξ (Bᵀ d B)_ξ
    /// over images and tiles, then dW = Gᵀ dU G. Per weight, Σ_ξ |Gᵀ|·|G| coefficient · Σ |A|
    /// |dY| |Aᵀ| · |Bᵀ| |d| |B|: every term the sums add, through the transforms' |coefficients|.
    /// </summary>
    public static double[] WeightGradient(in ConvShape s, int m, float[] x, float[] dy, int count)
    {
        double[,] bt = m == 4 ? B4 : B, g = m == 4 ? G4 : G, at = m == 4 ? A4 : A;
        int alpha = m + 2, products = alpha * alpha;
        int oh = s.OutHeight, ow = s.OutWidth, ins = s.Channels, outs = s.Filters;
        var du = new double[outs, ins, products];
        var v = new double[ins, products];
        var t = new double[outs, products];
        for (int n = 0; n < count; n++)
        {
            for (int ty = 0; ty < (oh + m - 1) / m; ty++)
            {
                for (int tx = 0; tx < (ow + m - 1) / m; tx++)
                {
                    for (int i = 0; i < ins; i++)
                    {
                        for (int xi = 0; xi < products; xi++)
                        {
                            double sum = 0;
                            for (int a = 0; a < alpha; a++)
                            {
                                for (int b = 0; b < alpha; b++)
                                {
                                    int y = m * ty + a - s.Pad, xcol = m * tx + b - s.Pad;
                                    double d = y >= 0 && y < s.Height && xcol >= 0 && xcol < s.Width ? x[((n * ins + i) * s.Height + y) * s.Width + xcol] : 0;
                                    sum += Math.Abs(bt[xi / alpha, a]) * Math.Abs(d) * Math.Abs(bt[xi % alpha, b]);
                                }
                            }

                            v[i, xi] = sum;
                        }
                    }

                    for (int o = 0; o < outs; o++)
                    {
                        for (int xi = 0; xi < products; xi++)
                        {
                            double sum = 0;
                            for (int a = 0; a < m; a++)
                            {
                                for (int b = 0; b < m; b++)
                                {
                                    int y = m * ty + a, xcol = m * tx + b;
                                    double e = y < oh && xcol < ow ? dy[((n * outs + o) * oh + y) * ow + xcol] : 0;
                                    sum += Math.Abs(at[a, xi / alpha]) * Math.Abs(e) * Math.Abs(at[b, xi % alpha]);
                                }
                            }

                            t[o, xi] = sum;
                        }

                        for (int i = 0; i < ins; i++)
                        {
                            for (int xi = 0; xi < products; xi++)
                            {
                                du[o, i, xi] += t[o, xi] * v[i, xi];
                            }
                        }
                    }
                }
            }
        }

        var result = new double[outs * ins * 9];
        for (int o = 0; o < outs; o++)
        {
            for (int i = 0; i < ins; i++)
            {
                for (int k = 0; k < 9; k++)
                {
                    double sum = 0;
                    for (int xi = 0; xi < products; xi++)
                    {
                        sum += Math.Abs(g[xi / alpha, k / 3]) * du[o, i, xi] * Math.Abs(g[xi % alpha, k % 3]);
                    }

                    result[(o * ins + i) * 9 + k] = sum;
                }
            }
        }

        return result;
    }

    /// <summary>The input gradient's convolution: dY padded by 2 − P, filters W[f][c] rotated by 180°.</summary>
    public static double[] InputGradient(in ConvShape s, float[] w, float[] dy, int count)
    {
        var shape = s;
        return Bound(s.Filters, s.OutHeight, s.OutWidth, 2 - s.Pad, s.Channels, (o, i, k) => w[(i * shape.Channels + o) * 9 + 8 - k], dy, null, count);
    }

    private static double[] Bound(int ins, int height, int width, int pad, int outs, Func<int, int, int, float> filter, float[] input, float[]? bias, int count)
    {
        int oh = height + 2 * pad - 2, ow = width + 2 * pad - 2;
        var result = new double[count * outs * oh * ow];
        // |U| per (o, i, ξ).
        var u = new double[outs, ins, 16];
        for (int o = 0; o < outs; o++)
        {
            for (int i = 0; i < ins; i++)
            {
                for (int r = 0; r < 4; r++)
                {
                    for (int c = 0; c < 4; c++)
                    {
                        double sum = 0;
                        for (int a = 0; a < 3; a++)
                        {
                            for (int b = 0; b < 3; b++)
                            {
                                sum += G[r, a] * filter(o, i, a * 3 + b) * G[c, b];
                            }
                        }

                        u[o, i, r * 4 + c] = Math.Abs(sum);
                    }
                }
            }
        }

        var v = new double[ins, 16];
        for (int n = 0; n < count; n++)
        {
            for (int ty = 0; ty < (oh + 1) / 2; ty++)
            {
                for (int tx = 0; tx < (ow + 1) / 2; tx++)
                {
                    // |Bᵀ| |d| |B| per input channel.
                    for (int i = 0; i < ins; i++)
                    {
                        for (int r = 0; r < 4; r++)
                        {
                            for (int c = 0; c < 4; c++)
                            {
                                double sum = 0;
                                for (int a = 0; a < 4; a++)
                                {
                                    for (int b = 0; b < 4; b++)
                                    {
                                        int y = 2 * ty + a - pad, xcol = 2 * tx + b - pad;
                                        double d = y >= 0 && y < height && xcol >= 0 && xcol < width ? input[((n * ins + i) * height + y) * width + xcol] : 0;
                                        sum += Math.Abs(B[r, a]) * Math.Abs(d) * Math.Abs(B[c, b]);
                                    }
                                }

                                v[i, r * 4 + c] = sum;
                            }
                        }
                    }

                    for (int o = 0; o < outs; o++)
                    {
                        var m = new double[16];
                        for (int xi = 0; xi < 16; xi++)
                        {
                            for (int i = 0; i < ins; i++)
                            {
                                m[xi] += u[o, i, xi] * v[i, xi];
                            }
                        }

                        for (int a = 0; a < 2; a++)
                        {
                            for (int b = 0; b < 2; b++)
                            {
                                int y = 2 * ty + a, xcol = 2 * tx + b;
                                if (y >= oh || xcol >= ow)
                                {
                                    continue;
                                }

                                double sum = bias is null ? 0 : Math.Abs(bias[o]);
                                for (int r = 0; r < 4; r++)
                                {
                                    for (int c = 0; c < 4; c++)
                                    {
                                        sum += Math.Abs(A[a, r]) * m[r * 4 + c] * Math.Abs(A[b, c]);
                                    }
                                }

                                result[((n * outs + o) * oh + y) * ow + xcol] = sum;
                            }
                        }
                    }
                }
            }
        }

        return result;
    }
}
