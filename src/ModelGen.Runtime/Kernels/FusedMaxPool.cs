using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// A max pool run one image at a time inside the convolution that feeds it, on a small
/// per-thread buffer: forward, the image's convolution output is pooled while still in cache;
/// backward, the pooled gradient is gated by ReLU and routed to each window's argmax. Either
/// way the convolution's full-size output, or output gradient, never goes out to memory.
/// </summary>
/// <remarks>
/// The values match the separate passes bit for bit: both directions run the code
/// <see cref="Pooling"/> runs, on the same numbers. In particular the pooled output at a window
/// is the ReLU output at its argmax, so gating the pooled gradient by it is gating the routed
/// gradient by ReLU's output (every other pixel gets +0 either way).
/// </remarks>
internal static unsafe class FusedMaxPool
{
    /// <summary>pooled (and argmax, unless null) = the max pool of one image's maps in <paramref name="dense"/>.</summary>
    public static void ForwardImage(in PoolShape pool, float* dense, float* pooled, int* argmax)
    {
        if (pool.IsTwoByTwo && Pooling2x2.IsSupported)
        {
            int pairs = pool.Channels * pool.Height / 2;
            if (Pooling2x2Narrow.Handles(pool.Width))
            {
                Pooling2x2Narrow.MaxForward(pool.Height, pool.Width, dense, pooled, argmax, 0, pairs);
            }
            else
            {
                Pooling2x2.MaxForward(pool.Height, pool.Width, dense, pooled, argmax, 0, pairs);
            }

            return;
        }

        PoolingGeneric.MaxForward(pool, dense, pooled, argmax, pool.Channels);
    }

    /// <summary>
    /// dense (pool input, C x H x W) = MaxBackward(Gate(pooledOutput, pooledGradient), argmax),
    /// using <paramref name="gated"/> (pool output size) as scratch.
    /// </summary>
    public static void BackwardImage(in PoolShape pool, float* pooledGradient, int* argmax, float* pooledOutput, float* gated, float* dense)
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
