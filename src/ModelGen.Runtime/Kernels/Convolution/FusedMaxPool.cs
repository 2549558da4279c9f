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
        bool fast = PoolingJob.UsesFastPath(pool, allowFast: true);
        PoolingJob.MaxForwardUnits(pool, fast, dense, pooled, argmax, 0, PoolingJob.Units(pool, fast, 1));
    }

    /// <summary>
    /// dense (pool input, C x H x W) = MaxBackward(Gate(pooledOutput, pooledGradient), argmax),
    /// using <paramref name="gated"/> (pool output size) as scratch.
    /// </summary>
    public static void BackwardImage(in PoolShape pool, float* pooledGradient, int* argmax, float* pooledOutput, float* gated, float* dense)
    {
        ElementwiseKernels.ReluBackward(pooledOutput, pooledGradient, gated, pool.OutputSize);
        bool fast = PoolingJob.UsesFastPath(pool, allowFast: true);
        PoolingJob.MaxBackwardUnits(pool, fast, gated, argmax, dense, 0, PoolingJob.Units(pool, fast, 1));
    }
}
