using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

public class GemmTests
{
    // Paths by name: GemmPath is internal and xunit theories must be public.
    public static TheoryData<string> Paths => new() { nameof(GemmPath.Avx512), nameof(GemmPath.Avx2), nameof(GemmPath.Portable) };

    // Odd and prime sizes hit every ragged edge (partial row tiles, partial panels, a k
    // remainder past the 256-row blocks); the rest are the network's real shapes.
    private static readonly (int M, int K, int N)[] Shapes =
    [
        (1, 1, 1), (1, 3, 1), (3, 1, 3), (1, 17, 33), (17, 1, 5), (3, 17, 33),
        (7, 65, 127), (127, 33, 17), (65, 127, 3), (33, 300, 65), (8, 257, 32), (9, 513, 31),
        (16, 9, 784), (100, 50, 10), (10, 100, 50),
        // N a few columns past a multiple of a strip (GemmStrips: 48 on AVX-512, 16 on AVX2) with
        // ragged row tiles, k = 1, one k-block of 1,024 rows, two (1,025) and five (4,320), and N
        // past the strips' limit of 256.
        (13, 50, 100), (7, 17, 52), (100, 1, 48), (1, 33, 49), (9, 1024, 50), (3, 1025, 50), (20, 31, 148),
        (11, 4320, 100), (5, 9, 290),
    ];

    // The shapes that matter (dense and im2col convolution) in each of the forms they are used in.
    private static readonly (int M, int K, int N)[] NetworkShapes =
    [
        (100, 784, 50), (784, 100, 50), (100, 50, 784), (16, 144, 784), (32, 288, 256), (64, 576, 64),
        (144, 16, 784), (16, 784, 144),
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Small_and_odd_shapes_match_the_double_reference(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return; // This machine cannot run the path; the CI machines with it do.
        }

        int seed = 1;
        foreach (var (m, k, n) in Shapes)
        {
            foreach (bool transA in new[] { false, true })
            {
                foreach (bool transB in new[] { false, true })
                {
                    foreach (bool accumulate in new[] { false, true })
                    {
                        Check(path, m, k, n, transA, transB, accumulate, seed++);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Network_shapes_match_the_double_reference(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        int seed = 100;
        foreach (var (m, k, n) in NetworkShapes)
        {
            Check(path, m, k, n, transA: false, transB: false, accumulate: false, seed++);
            Check(path, m, k, n, transA: true, transB: false, accumulate: true, seed++);
            Check(path, m, k, n, transA: false, transB: true, accumulate: false, seed++);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_and_copy_A_copies_A_exactly_and_computes_what_Multiply_computes(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        // The dense layer's shape (8 x 48 tiles on AVX-512), several k-blocks and panels, a
        // ragged row tile, a narrow last panel, one column, and the empty cases.
        foreach (var (m, k, n) in new[] { (100, 784, 50), (13, 600, 70), (7, 17, 52), (100, 50, 10), (3, 600, 1), (5, 0, 3), (4, 3, 0), (0, 3, 4) })
        {
            float[] a = Reference.Random(m * k, m + k), b = Reference.Random(k * n, n + 1);
            float[] plain = new float[m * n], copied = new float[m * n];
            float[] copy = Enumerable.Repeat(float.NaN, m * k + 5).ToArray();
            Gemm.Run(path, a, b, plain, m, k, n, transA: false, transB: false, accumulate: false, allowThreads: true);
            Gemm.Run(path, a, b, copied, m, k, n, transA: false, transB: false, accumulate: false, allowThreads: true, copy);
            Assert.Equal(plain, copied);
            Assert.Equal(a, copy[..(m * k)]);
            Assert.All(copy[(m * k)..], v => Assert.True(float.IsNaN(v), "past m x k the copy is not written"));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Long_k_dense_products_are_the_sum_of_their_two_halves_of_k(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        if (!GemmPaths.IsSupported(path))
        {
            return;
        }

        // TwoLayerNet's first layer, a single image of it, SimpleConvNet's dense layer (whose
        // halves are three k-blocks each), the smallest k that splits, and ragged rows and tails.
        foreach (var (m, k, n) in new[] { (100, 784, 50), (1, 784, 50), (100, 4320, 100), (7, 512, 52), (13, 1030, 49) })
        {
            var g = new GemmProblem { M = m, K = k, N = n };
            bool strips = GemmStrips.Handles(path, g);
            Assert.Equal(strips, GemmStrips.SplitsK(g) && strips);
            float[] a = Reference.Random(m * k, m + k), b = Reference.Random(k * n, n + 2);
            float[] c = new float[m * n];
            Gemm.Run(path, a, b, c, m, k, n, transA: false, transB: false, accumulate: false, allowThreads: true);
            var (expected, abs) = Reference.Gemm(a, b, null, m, k, n, false, false);
            Reference.AssertClose(c, expected, abs, k, $"{path} {m}x{k}x{n}");
            if (!strips)
            {
                continue; // the portable path has no strips and sums k in its own blocks
            }

            // A row on its own is summed as it is among the others.
            float[] row = new float[n];
            Gemm.Run(path, a.AsSpan((m - 1) * k, k), b, row, 1, k, n, transA: false, transB: false, accumulate: false, allowThreads: true);
            Assert.Equal(c.AsSpan((m - 1) * n, n).ToArray(), row);
            int k0 = GemmStrips.SplitPoint(k);
            if (k - k0 >= GemmStrips.SplitKMin)
            {
                continue; // each half would itself be split
            }

            // Exactly: the first half's product plus the second's, each computed on its own.
            float[] a0 = new float[m * k0], a1 = new float[m * (k - k0)];
            for (int i = 0; i < m; i++)
            {
                Array.Copy(a, i * k, a0, i * k0, k0);
                Array.Copy(a, i * k + k0, a1, i * (k - k0), k - k0);
            }

            float[] c0 = new float[m * n], c1 = new float[m * n];
            Gemm.Run(path, a0, b.AsSpan(0, k0 * n), c0, m, k0, n, transA: false, transB: false, accumulate: false, allowThreads: false);
            Gemm.Run(path, a1, b.AsSpan(k0 * n), c1, m, k - k0, n, transA: false, transB: false, accumulate: false, allowThreads: false);
            for (int i = 0; i < c.Length; i++) Assert.Equal(c0[i] + c1[i], c[i]);
        }
    }

    [Fact]
    public void Multiply_and_copy_A_refuses_a_short_or_overlapping_copy()
    {
        float[] a = new float[6], b = new float[6], c = new float[4];
        Assert.Contains("needs 6", Assert.Throws<ArgumentException>(() => Gemm.MultiplyAndCopyA(a, b, c, new float[5], 2, 3, 2)).Message, StringComparison.Ordinal);
        float[] big = new float[20];
        var overlap = Assert.Throws<ArgumentException>(() => Gemm.MultiplyAndCopyA(big.AsSpan(0, 6), b, c, big.AsSpan(4, 6), 2, 3, 2));
        Assert.Equal("copyOfA", overlap.ParamName);
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAndCopyA(a, b, big.AsSpan(0, 4), big.AsSpan(2, 6), 2, 3, 2));
        // An empty copy is a plain product.
        float[] plain = new float[4];
        Gemm.Multiply(a, b, plain, 2, 3, 2);
        Gemm.MultiplyAndCopyA(a, b, c, default, 2, 3, 2);
        Assert.Equal(plain, c);
    }

    [Fact]
    public void Public_methods_compute_the_three_forms()
    {
        const int m = 33, k = 70, n = 45;
        float[] a = Reference.Random(m * k, 1);
        float[] b = Reference.Random(k * n, 2);
        float[] c = new float[m * n];
        Gemm.Multiply(a, b, c, m, k, n);
        var (expected, abs) = Reference.Gemm(a, b, null, m, k, n, false, false);
        Reference.AssertClose(c, expected, abs, k, "Multiply");

        Gemm.MultiplyTransposeA(a, b, c, k > 0 ? m : 0, k, n, accumulate: true);
        var (e2, a2) = Reference.Gemm(a, b, null, m, k, n, true, false);
        for (int i = 0; i < e2.Length; i++)
        {
            e2[i] += expected[i];
            a2[i] += abs[i];
        }

        Reference.AssertClose(c, e2, a2, 2 * k, "MultiplyTransposeA accumulate");

        float[] bt = Reference.Random(n * k, 3);
        Gemm.MultiplyTransposeB(a, bt, c, m, k, n);
        var (e3, a3) = Reference.Gemm(a, bt, null, m, k, n, false, true);
        Reference.AssertClose(c, e3, a3, k, "MultiplyTransposeB");
    }

    [Fact]
    public void Zero_k_clears_or_keeps_c()
    {
        float[] c = [1, 2, 3, 4];
        Gemm.Multiply([], [], c, 2, 0, 2, accumulate: true);
        Assert.Equal([1f, 2, 3, 4], c);
        Gemm.Multiply([], [], c, 2, 0, 2);
        Assert.Equal([0f, 0, 0, 0], c);
    }

    [Fact]
    public void Bad_lengths_throw_ArgumentException_naming_the_operand()
    {
        float[] a = new float[6], b = new float[6], c = new float[4];
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Gemm.Multiply(a.AsSpan(1), b, c, 2, 3, 2)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposeA(a, b.AsSpan(1), c, 2, 3, 2)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposeB(a, b, c.AsSpan(1), 2, 3, 2)).ParamName);
        Assert.ThrowsAny<ArgumentException>(() => Gemm.Multiply(a, b, c, -1, 3, 2));
        var message = Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, b.AsSpan(2), c, 2, 3, 2)).Message;
        Assert.Contains("3x2", message, StringComparison.Ordinal);
    }

    internal static void Check(GemmPath path, int m, int k, int n, bool transA, bool transB, bool accumulate, int seed)
    {
        float[] a = Reference.Random(m * k, seed);
        float[] b = Reference.Random(k * n, seed + 1000);
        float[] c = Reference.Random(m * n, seed + 2000);
        float[]? c0 = accumulate ? (float[])c.Clone() : null;
        Gemm.Run(path, a, b, c, m, k, n, transA, transB, accumulate, allowThreads: true);
        var (expected, abs) = Reference.Gemm(a, b, c0, m, k, n, transA, transB);
        Reference.AssertClose(c, expected, abs, k, $"{path} {m}x{k}x{n} transA={transA} transB={transB} accumulate={accumulate}");
    }
}
