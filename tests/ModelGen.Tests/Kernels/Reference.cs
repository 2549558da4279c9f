namespace ModelGen.Tests.Kernels;

/// <summary>Naive double-precision references and random data for the kernel tests.</summary>
internal static class Reference
{
    /// <summary>Fails unless the two spans hold the same floats bit for bit (signs of zeros and NaN payloads included).</summary>
    public static void AssertBits(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{context}: element {i} is {actual[i]}, expected {expected[i]} bit for bit");
            }
        }
    }

    /// <summary>Uniform values in [-1, 1) from a fixed seed.</summary>
    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    /// <summary>
    /// C = op(A)·op(B) (+ C0) in double, and the sum of |products| per element, which bounds
    /// the rounding error of any float32 summation order.
    /// </summary>
    public static (double[] Value, double[] AbsSum) Gemm(
        float[] a, float[] b, float[]? c0, int m, int k, int n, bool transA, bool transB)
    {
        var value = new double[m * n];
        var abs = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = c0 is null ? 0 : c0[i * n + j];
                double sa = c0 is null ? 0 : Math.Abs(c0[i * n + j]);
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? a[p * m + i] : a[i * k + p];
                    double y = transB ? b[j * k + p] : b[p * n + j];
                    s += x * y;
                    sa += Math.Abs(x * y);
                }

                value[i * n + j] = s;
                abs[i * n + j] = sa;
            }
        }

        return (value, abs);
    }

    /// <summary>
    /// Asserts |actual - expected| ≤ (terms + 2) · 2⁻²⁴ · absSum for every element: the classic
    /// bound γₙ = n·u on a float32 sum of n terms in any order (u = 2⁻²⁴ is float's unit
    /// roundoff; +2 covers the final add into C), relative to the sum of the terms' magnitudes
    /// since cancellation can make the result itself tiny.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> actual, double[] expected, double[] absSum, int terms, string context)
    {
        double u = Math.Pow(2, -24);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = (terms + 2) * u * absSum[i] + 1e-30;
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= tolerance))
            {
                Assert.Fail($"{context}: element {i} is {actual[i]}, expected {expected[i]} (error {error:g3} > tolerance {tolerance:g3})");
            }
        }
    }
}
