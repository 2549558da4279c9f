using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

public class PoolingTests
{
    private static readonly PoolShape[] Shapes =
    [
        new(1, 4, 4, 2, 2), new(3, 28, 28, 2, 2), new(16, 28, 28, 2, 2), new(32, 16, 16, 2, 2), new(64, 8, 8, 2, 2),
        new(2, 6, 70, 2, 2), new(2, 5, 7, 2, 2), new(3, 7, 7, 3, 2), new(2, 6, 6, 3, 3), new(1, 5, 6, 2, 1), new(2, 9, 9, 3, 1),
        // Widths 16 and 8 take several row pairs per step: planes of one, three and five pairs,
        // so groups straddle planes and images, and counts that leave a ragged last group.
        new(3, 2, 16, 2, 2), new(5, 6, 8, 2, 2), new(1, 2, 8, 2, 2), new(7, 10, 16, 2, 2), new(3, 7, 8, 2, 2), new(1, 6, 16, 2, 2),
    ];

    public static TheoryData<bool> FastOrGeneric => new() { true, false };

    [Theory]
    [MemberData(nameof(FastOrGeneric))]
    public void Max_forward_and_backward_match_naive(bool allowFast)
    {
        int seed = 1;
        foreach (PoolShape s in Shapes)
        {
            const int batch = 3, count = 2;
            float[] x = Reference.Random(batch * s.InputSize, seed++);
            // Coarse values make ties common; ties must go to the first pixel in window order.
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = MathF.Round(x[i] * 2);
            }

            float[] y = new float[batch * s.OutputSize];
            int[] argmax = new int[batch * s.OutputSize];
            Pooling.MaxForward(x, y, argmax, s, count, allowFast);
            var (ey, ea) = NaiveMax(s, x, count);
            Assert.Equal(ey, y.AsSpan(0, ey.Length).ToArray());
            Assert.Equal(ea, argmax.AsSpan(0, ea.Length).ToArray());

            float[] yNoArgmax = new float[y.Length];
            Pooling.MaxForward(x, yNoArgmax, default, s, count, allowFast);
            Assert.Equal(y, yNoArgmax);

            float[] dy = Reference.Random(batch * s.OutputSize, seed++);
            float[] dx = Reference.Random(batch * s.InputSize, seed++); // garbage: must be overwritten
            Pooling.MaxBackward(dy, argmax, dx, s, count, allowFast);
            var edx = new float[count * s.InputSize];
            int plane = s.Height * s.Width, outPlane = s.OutHeight * s.OutWidth;
            for (int o = 0; o < count * s.OutputSize; o++)
            {
                edx[o / outPlane * plane + ea[o]] += dy[o];
            }

            Assert.Equal(edx, dx.AsSpan(0, edx.Length).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(FastOrGeneric))]
    public void Avg_forward_and_backward_match_naive(bool allowFast)
    {
        int seed = 100;
        foreach (PoolShape s in Shapes)
        {
            const int count = 3;
            float[] x = Reference.Random(count * s.InputSize, seed++);
            float[] y = new float[count * s.OutputSize];
            Pooling.AvgForward(x, y, s, count, allowFast);
            float[] dy = Reference.Random(count * s.OutputSize, seed++);
            float[] dx = Reference.Random(count * s.InputSize, seed++);
            Pooling.AvgBackward(dy, dx, s, count, allowFast);

            int k = s.Size, plane = s.Height * s.Width;
            var edx = new double[dx.Length];
            for (int p = 0; p < count * s.Channels; p++)
            {
                for (int oy = 0; oy < s.OutHeight; oy++)
                {
                    for (int ox = 0; ox < s.OutWidth; ox++)
                    {
                        int o = (p * s.OutHeight + oy) * s.OutWidth + ox;
                        double sum = 0;
                        for (int ky = 0; ky < k; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                int at = p * plane + (oy * s.Stride + ky) * s.Width + ox * s.Stride + kx;
                                sum += x[at];
                                edx[at] += dy[o] / (k * k);
                            }
                        }

                        // A float sum of k² terms then a scale: (k² + 1) roundings of at most 2⁻²⁴ relative to the terms' magnitude ≤ 1.
                        Assert.True(Math.Abs(y[o] - sum / (k * k)) <= (k * k + 1) * Math.Pow(2, -24) * 1.0, $"{s} avg output {o}");
                    }
                }
            }

            for (int i = 0; i < dx.Length; i++)
            {
                Assert.True(Math.Abs(dx[i] - edx[i]) <= (k * k + 1) * Math.Pow(2, -24), $"{s} avg gradient {i}");
            }
        }
    }

    [Fact]
    public unsafe void Avx2_two_by_two_kernels_give_the_same_bits_as_the_generic_path()
    {
        // On an AVX-512 machine the public calls take the AVX-512 kernels; the AVX2 ones are
        // called directly here so that they are checked on every machine that has AVX2.
        if (!Pooling2x2Avx2.IsSupported)
        {
            return;
        }

        int seed = 200;
        foreach (PoolShape s in Shapes.Where(s => s.IsTwoByTwo))
        {
            const int count = 3;
            float[] x = Reference.Random(count * s.InputSize, seed++);
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = MathF.Round(x[i] * 2); // ties, as above
            }

            int pairs = count * s.Channels * s.Height / 2;
            float[] y = new float[count * s.OutputSize], ey = new float[y.Length];
            int[] argmax = new int[y.Length], ea = new int[y.Length];
            float[] dy = Reference.Random(y.Length, seed++);
            float[] dx = Reference.Random(x.Length, seed++), edx = new float[x.Length];
            float[] avg = new float[y.Length], eavg = new float[y.Length];
            float[] adx = Reference.Random(x.Length, seed++), eadx = new float[x.Length];
            Pooling.MaxForward(x, ey, ea, s, count, allowFast: false);
            Pooling.MaxBackward(dy, ea, edx, s, count, allowFast: false);
            Pooling.AvgForward(x, eavg, s, count, allowFast: false);
            Pooling.AvgBackward(dy, eadx, s, count, allowFast: false);
            fixed (float* px = x, py = y, pdy = dy, pdx = dx, pavg = avg, padx = adx)
            fixed (int* pa = argmax)
            {
                // Two ranges, so a range that starts inside a plane is covered too.
                Pooling2x2Avx2.MaxForward(s.Height, s.Width, px, py, pa, 0, pairs / 2);
                Pooling2x2Avx2.MaxForward(s.Height, s.Width, px, py, pa, pairs / 2, pairs);
                Pooling2x2Avx2.MaxBackward(s.Height, s.Width, pdy, pa, pdx, 0, pairs);
                Pooling2x2Avx2.AvgForward(s.Width, px, pavg, 0, pairs);
                Pooling2x2Avx2.AvgBackward(s.Width, pdy, padx, 0, pairs);
            }

            Assert.Equal(ey, y);
            Assert.Equal(ea, argmax);
            Assert.Equal(edx, dx);
            Assert.Equal(eavg, avg);
            Assert.Equal(eadx, adx);
        }
    }

    [Fact]
    public void Max_ties_route_to_the_first_pixel()
    {
        var s = new PoolShape(1, 2, 4, 2, 2);
        float[] x = [5, 5, 1, 2, 5, 5, 2, 2]; // window 0: all 5; window 1: 2 at (0,3), (1,2), (1,3)
        float[] y = new float[2];
        int[] argmax = new int[2];
        Pooling.MaxForward(x, y, argmax, s, 1);
        Assert.Equal([5f, 2f], y);
        Assert.Equal([0, 3], argmax);
        float[] dx = new float[8];
        Pooling.MaxBackward([1f, 2f], argmax, dx, s, 1);
        Assert.Equal([1f, 0, 0, 2, 0, 0, 0, 0], dx);
    }

    [Fact]
    public void Bad_lengths_throw_ArgumentException()
    {
        var s = new PoolShape(2, 4, 4, 2, 2);
        float[] x = new float[s.InputSize], y = new float[s.OutputSize];
        int[] a = new int[s.OutputSize];
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => Pooling.MaxForward(x.AsSpan(1), y, a, s, 1)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Pooling.AvgForward(x, y.AsSpan(1), s, 1)).ParamName);
        Assert.Equal("argmax", Assert.Throws<ArgumentException>(() => Pooling.MaxForward(x, y, a.AsSpan(1), s, 1)).ParamName);
        Assert.Equal("inputGradient", Assert.Throws<ArgumentException>(() => Pooling.AvgBackward(y, x.AsSpan(1), s, 1)).ParamName);
        Assert.Equal("argmax", Assert.Throws<ArgumentException>(() => Pooling.MaxBackward(y, new int[s.OutputSize].Select(_ => 99).ToArray(), x, s, 1, allowFast: false)).ParamName);
        Assert.ThrowsAny<ArgumentException>(() => Pooling.AvgForward(x, y, s with { Size = 5 }, 1));
    }

    private static (float[] Y, int[] Argmax) NaiveMax(in PoolShape s, float[] x, int count)
    {
        var y = new float[count * s.OutputSize];
        var a = new int[y.Length];
        int o = 0;
        for (int p = 0; p < count * s.Channels; p++)
        {
            for (int oy = 0; oy < s.OutHeight; oy++)
            {
                for (int ox = 0; ox < s.OutWidth; ox++, o++)
                {
                    int best = -1;
                    float max = float.NegativeInfinity;
                    for (int ky = 0; ky < s.Size; ky++)
                    {
                        for (int kx = 0; kx < s.Size; kx++)
                        {
                            int at = (oy * s.Stride + ky) * s.Width + ox * s.Stride + kx;
                            float v = x[p * s.Height * s.Width + at];
                            if (best < 0 || v > max)
                            {
                                max = v;
                                best = at;
                            }
                        }
                    }

                    y[o] = max;
                    a[o] = best;
                }
            }
        }

        return (y, a);
    }
}
