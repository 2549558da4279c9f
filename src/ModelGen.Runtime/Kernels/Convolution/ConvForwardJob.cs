namespace ModelGen.Kernels;

/// <summary>
/// Convolution forward over a batch, one chunk per image, each participant on its own workspace
/// slice; a fused ReLU is applied as each image's output is written. With fewer images than
/// threads, a Winograd layer's images are each split into parts by out channels
/// (<see cref="PartsPerImage"/>), so a single image uses every thread.
/// </summary>
internal sealed unsafe class ConvForwardJob : ParallelJob
{
    [ThreadStatic] private static ConvForwardJob? t_cached;

    private ConvPlan _plan;
    private GemmPath _path;
    private bool _panels;
    private bool _relu;
    private float* _input, _weights, _bias, _output, _shared, _winogradFilters;
    private int _parts = 1;

    // A max pool after the convolution (FusedMaxPool): _output then holds the pooled maps.
    private PoolShape _pool;
    private bool _pooled;
    private int* _argmax;

    public static ConvForwardJob For(in ConvPlan plan, GemmPath path, bool panels, bool relu, float* input, float* weights, float* bias, float* output, float* shared, float* winogradFilters)
    {
        ConvForwardJob job = t_cached ??= new ConvForwardJob();
        job._plan = plan;
        job._path = path;
        job._panels = panels;
        job._relu = relu;
        job._input = input;
        job._weights = weights;
        job._bias = bias;
        job._output = output;
        job._shared = shared;
        job._winogradFilters = winogradFilters;
        job._parts = 1;
        job._pooled = false;
        job._argmax = null;
        return job;
    }

    /// <summary>
    /// Parts to split each of <paramref name="count"/> images into: with fewer images than threads,
    /// a Winograd layer with at least <see cref="GemmJob.ParallelMinFlops"/> per image gives each
    /// thread a share of its out channels' row tiles. Each part transforms the whole input again
    /// (a tenth to a fifth of the work), but nothing crosses between the cores before the
    /// output: one DeepConvNet image on two threads, AMD EPYC (Zen 3), ~290 -> ~220 µs.
    /// </summary>
    public static int PartsPerImage(in ConvPlan plan, int count)
    {
        int threads = KernelThreads.ThreadCount;
        ConvShape s = plan.S;
        long flops = 2L * s.Filters * s.PatchSize * s.OutHeight * s.OutWidth;
        if (!plan.WinogradForward || count >= threads || flops < GemmJob.ParallelMinFlops)
        {
            return 1;
        }

        return Math.Min(plan.WF.OutRows / plan.MR, (threads + count - 1) / count);
    }

    /// <summary>Splits each image into <paramref name="parts"/> (<see cref="PartsPerImage"/>); chunk c is part c % parts of image c / parts.</summary>
    public ConvForwardJob InParts(int parts)
    {
        _parts = parts;
        return this;
    }

    /// <summary>Pools each image's output as it is computed; the output pointer then receives the pooled maps.</summary>
    public ConvForwardJob ThenMaxPool(in PoolShape pool, int* argmax)
    {
        _pool = pool;
        _pooled = true;
        _argmax = argmax;
        return this;
    }

    public override void Execute(int chunk, int participant)
    {
        ConvShape s = _plan.S;
        // The slice's Routed region (one image's output) is free in the forward pass.
        float* slice = _shared + _plan.SharedEnd + (nint)participant * _plan.SliceSize;
        if (_plan.WinogradForward)
        {
            // A whole image is its one part.
            ExecutePart(chunk / _parts, chunk % _parts, slice);
            return;
        }

        float* input = _input + (nint)chunk * s.InputSize;
        float* output = _pooled ? slice + _plan.Routed : _output + (nint)chunk * s.OutputSize;
        Convolve(input, output, slice);
        if (_pooled)
        {
            int pooled = _pool.OutputSize;
            FusedMaxPool.ForwardImage(_pool, output, _output + (nint)chunk * pooled, _argmax == null ? null : _argmax + (nint)chunk * pooled);
        }
    }

    /// <summary>One part of a Winograd layer's image: the out channels of its share of the row tiles, and their pooled maps.</summary>
    private void ExecutePart(int image, int part, float* slice)
    {
        ConvShape s = _plan.S;
        int rowTiles = _plan.WF.OutRows / _plan.MR;
        int t0 = rowTiles * part / _parts, t1 = rowTiles * (part + 1) / _parts;
        int f0 = t0 * _plan.MR, f1 = Math.Min(t1 * _plan.MR, s.Filters);
        if (f0 >= f1)
        {
            return;
        }

        float* input = _input + (nint)image * s.InputSize;
        float* output = _pooled ? slice + _plan.Routed : _output + (nint)image * s.OutputSize;
        ConvWinograd.Convolve(_path, _plan.WF, input, null, _winogradFilters, _bias, _relu, output, _plan, slice, t0, t1);
        if (_pooled)
        {
            // Pooling is per channel and its argmax is within the plane: these channels' planes pool alone.
            int plane = _pool.Height * _pool.Width, pooledPlane = _pool.OutHeight * _pool.OutWidth;
            float* pooled = _output + (nint)image * _pool.OutputSize + (nint)f0 * pooledPlane;
            int* argmax = _argmax == null ? null : _argmax + (nint)image * _pool.OutputSize + (nint)f0 * pooledPlane;
            FusedMaxPool.ForwardImage(_pool with { Channels = f1 - f0 }, output + (nint)f0 * plane, pooled, argmax);
        }
    }

    /// <summary>One image of a direct (implicit or im2col) layer.</summary>
    private void Convolve(float* input, float* output, float* slice)
    {
        if (!_plan.Implicit)
        {
            ConvIm2Col.ForwardImage(_path, _plan, input, _weights, output, _bias, _relu, slice);
            return;
        }

        switch (_path)
        {
            case GemmPath.Avx512:
                ConvImplicit<GemmKernel512>.ForwardImage(_plan, _panels, input, output, _bias, _relu, _shared, slice);
                break;
            case GemmPath.Avx2:
                ConvImplicit<GemmKernel256>.ForwardImage(_plan, false, input, output, _bias, _relu, _shared, slice);
                break;
            default:
                ConvImplicit<GemmKernelPortable>.ForwardImage(_plan, false, input, output, _bias, _relu, _shared, slice);
                break;
        }
    }
}
