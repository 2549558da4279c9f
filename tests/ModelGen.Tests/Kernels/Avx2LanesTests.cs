using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ModelGen.Kernels;
using Xunit;

namespace ModelGen.Tests.Kernels;

public sealed unsafe class Avx2LanesTests
{
    [Fact]
    public void StoreFirst_writes_exactly_the_first_n_lanes_for_every_n()
    {
        if (!Avx.IsSupported)
        {
            return; // the helper is AVX code; the portable path never calls it
        }

        // n past both ends too: callers pass "what is left" of a row, which may be zero or
        // less (the second half of a 16-float interleaved store) or more than a vector.
        var v = Vector256.Create(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
        float[] target = new float[24];
        fixed (float* t = target)
        {
            for (int n = -9; n <= 12; n++)
            {
                for (int offset = 0; offset < 8; offset++)
                {
                    Array.Fill(target, float.NaN);
                    Avx2Lanes.StoreFirst(t + offset, v, n);
                    int written = Math.Clamp(n, 0, 8);
                    for (int i = 0; i < target.Length; i++)
                    {
                        bool inside = i >= offset && i < offset + written;
                        if (inside) Assert.Equal(i - offset + 1, target[i]);
                        else Assert.True(float.IsNaN(target[i]), $"n {n}, offset {offset}: index {i} was written");
                    }
                }
            }
        }
    }

    [Fact]
    public void InterleaveStore_writes_the_first_n_of_the_interleaved_lanes_and_nothing_past_them()
    {
        if (!Avx.IsSupported)
        {
            return;
        }

        var a = Vector256.Create(0f, 2f, 4f, 6f, 8f, 10f, 12f, 14f);
        var b = Vector256.Create(1f, 3f, 5f, 7f, 9f, 11f, 13f, 15f);
        float[] target = new float[20];
        fixed (float* t = target)
        {
            for (int n = 0; n <= 16; n++)
            {
                Array.Fill(target, float.NaN);
                Avx2Lanes.InterleaveStore(a, b, t + 2, n);
                for (int i = 0; i < target.Length; i++)
                {
                    bool inside = i >= 2 && i < 2 + n;
                    if (inside) Assert.Equal(i - 2, target[i]);
                    else Assert.True(float.IsNaN(target[i]), $"n {n}: index {i} was written");
                }
            }
        }
    }
}
