using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// One image's share of a max pool's backward pass, run inside the backward pass of the
/// convolution (and ReLU) that feeds the pool: the pooled gradient is gated by ReLU and routed
/// to each window's argmax in a small per-thread buffer, so the full-size output gradient of the
/// convolution is never written to, or read back from, memory outside the cache.
/// </summary>
/// <remarks>
/// The values match the separate passes bit for bit. The pooled output at a window is the ReLU
/// output at its argmax, so gating the pooled gradient by it is gating the routed gradient by
/// ReLU's output (every other pixel gets +0 either way), and the routing is the same code
/// <see cref="Pooling.MaxBackward"/> runs.
/// </remarks>
internal static unsafe class PoolRouting
{
    /// <summary>
    /// dense (pool input, C x H x W) = MaxBackward(Gate(pooledOutput, pooledGradient), argmax),
    /// using <paramref name="gated"/> (pool output size) as scratch.
    /// </summary>
    public static void RouteImage(in PoolShape pool, float* pooledGradient, int* argmax, float* pooledOutput, float* gated, float* dense)
    {
        int outputs = pool.OutputSize;
        GateAll(pooledOutput, pooledGradient, gated, outputs);
        if (pool.IsTwoByTwo && Pooling2x2.IsSupported)
        {
            int pairs = pool.Channels * pool.Height / 2;
            if (Pooling2x2Narrow.Handles(pool.Width))
            {
                Pooling2x2Narrow.MaxBackward(pool.Height, pool.Width, gated, argmax, dense, 0, pairs);
            }
            else
            {
                Pooling2x2.MaxBackward(pool.Height, pool.Width, gated, argmax, dense, 0, pairs);
            }

            return;
        }

        PoolingGeneric.MaxBackward(pool, gated, argmax, dense, pool.Channels);
    }

    /// <summary>dst[i] = ReLU's backward gate of src[i] by y[i] (<see cref="ReluMath.Gate(float, float)"/>).</summary>
    private static void GateAll(float* y, float* src, float* dst, int n)
    {
        int i = 0;
        if (Avx512F.IsSupported)
        {
            for (; i + 16 <= n; i += 16)
            {
                ReluMath.Gate(Vector512.Load(y + i), Vector512.Load(src + i)).Store(dst + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                ReluMath.Gate(Vector256.Load(y + i), Vector256.Load(src + i)).Store(dst + i);
            }
        }

        for (; i < n; i++)
        {
            dst[i] = ReluMath.Gate(y[i], src[i]);
        }
    }
}
