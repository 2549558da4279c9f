namespace ModelGen.Kernels;

/// <summary>
/// Convolution forward over a batch, one chunk per image, each participant on its own workspace
/// slice; a fused ReLU is applied as each image's output is written.
/// </summary>
internal sealed unsafe class ConvForwardJob : ParallelJob
{
    [ThreadStatic] private static ConvForwardJob? t_cached;

    private ConvPlan _plan;
    private GemmPath _path;
    private bool _panels;
    private bool _relu;
    private float* _input, _weights, _bias, _output, _shared, _winogradFilters;

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
        job._pooled = false;
        job._argmax = null;
        return job;
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
        float* input = _input + (nint)chunk * s.InputSize;
        float* output = _pooled ? slice + _plan.Routed : _output + (nint)chunk * s.OutputSize;
        Convolve(input, output, slice);
        if (_pooled)
        {
            int pooled = _pool.OutputSize;
            FusedMaxPool.ForwardImage(_pool, output, _output + (nint)chunk * pooled, _argmax == null ? null : _argmax + (nint)chunk * pooled);
        }
    }

    private void Convolve(float* input, float* output, float* slice)
    {
        if (_plan.WinogradForward)
        {
            ConvWinograd.Convolve(_path, _plan.WF, input, null, _winogradFilters, _bias, _relu, output, _plan, slice);
            return;
        }

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
