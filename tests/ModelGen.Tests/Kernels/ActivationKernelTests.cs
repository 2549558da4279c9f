using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// The SIMD, multi-threaded activations equal their scalar definitions bit for bit, at lengths
/// around every vector and threading boundary and for the special values.
/// </summary>
[Collection(nameof(KernelThreadsCollection))]
public class ActivationKernelTests
{
    private static readonly int[] Lengths = [0, 1, 15, 16, 17, 63, 64, 65, 1000, (1 << 16) - 1, 1 << 16, (1 << 16) + 17, 1_254_400 + 13];

    private static float[] Values(int length, int seed)
    {
        float[] v = Reference.Random(length, seed);
        float[] special = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f];
        for (int i = 0; i < v.Length; i += 7)
        {
            v[i] = special[i / 7 % special.Length];
        }

        return v;
    }

    [Fact]
    public void Relu_and_the_backward_passes_equal_their_scalar_definitions_for_any_thread_count()
    {
        foreach (int threads in new[] { 1, 2, 3 })
        {
            KernelThreadsTests.WithThreads(threads, () =>
            {
                foreach (int n in Lengths)
                {
                    float[] x = Values(n, n), dy = Values(n, n + 1);
                    float[] y = new float[n + 3]; // longer outputs are allowed; the rest is untouched
                    Array.Fill(y, 5f);
                    Activations.Relu(x, y);
                    for (int i = 0; i < n; i++)
                    {
                        // IEEE maximum(x, 0): NaN propagates, −0 becomes +0.
                        float expected = float.IsNaN(x[i]) ? x[i] : x[i] > 0 ? x[i] : 0f;
                        Same(expected, y[i], $"Relu n={n} i={i} x={x[i]}");
                    }

                    Assert.Equal([5f, 5f, 5f], y[n..]);
                    float[] yr = y[..n], dx = new float[n];
                    Activations.ReluBackward(yr, dy, dx);
                    for (int i = 0; i < n; i++)
                    {
                        Same(yr[i] > 0 ? dy[i] : 0f, dx[i], $"ReluBackward n={n} i={i}");
                    }

                    float[] s = Reference.Random(n, n + 2);
                    Activations.SigmoidBackward(s, dy, dx);
                    for (int i = 0; i < n; i++)
                    {
                        Same(dy[i] * s[i] * (1f - s[i]), dx[i], $"SigmoidBackward n={n} i={i}");
                    }

                    Activations.TanhBackward(s, dy, dx);
                    for (int i = 0; i < n; i++)
                    {
                        Same(dy[i] * (1f - s[i] * s[i]), dx[i], $"TanhBackward n={n} i={i}");
                    }
                }

                return 0;
            });
        }
    }

    [Fact]
    public void Relu_matches_TensorPrimitives_Max_and_works_in_place()
    {
        float[] x = Values(100_003, 9), expected = new float[x.Length];
        System.Numerics.Tensors.TensorPrimitives.Max(x, 0f, expected);
        Activations.Relu(x, x);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), x.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Short_outputs_throw()
    {
        Assert.Throws<ArgumentException>(() => Activations.Relu(new float[10], new float[9]));
        Assert.Throws<ArgumentException>(() => Activations.ReluBackward(new float[10], new float[10], new float[9]));
        Assert.Throws<ArgumentException>(() => Activations.TanhBackward(new float[10], new float[9], new float[10]));
    }

    private static void Same(float expected, float actual, string context)
    {
        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
        {
            Assert.Fail($"{context}: {actual} (0x{BitConverter.SingleToInt32Bits(actual):X8}), expected {expected} (0x{BitConverter.SingleToInt32Bits(expected):X8})");
        }
    }
}
