namespace ModelGen.Kernels;

/// <summary>
/// Convolution backward over a batch. Chunks below <c>gradientChunks</c> each take a fixed range
/// of images (fixed by the image count alone) and sum their weight and bias gradients into
/// their own buffers; the chunks after them write one image's input gradient each. Threads
/// claim chunks in order, so the big gradient chunks go first and the small per-image ones
/// even out the finish. With a fused ReLU, both kinds gate dY by the ReLU's output as they
/// read it, so dY itself is never written and needs no pass of its own.
/// </summary>
internal sealed unsafe class ConvBackwardJob : ParallelJob
{
    [ThreadStatic] private static ConvBackwardJob? t_cached;

    private ConvPlan _plan;
    private GemmPath _path;
    private bool _panels;
    private float* _input, _weights, _outputGradient, _reluOutput, _inputGradient, _shared;
    private int _count, _chunks;

    // Backward through a max pool: the pooled gradient, its argmax and the pooled output stand
    // in for the output gradient and the ReLU output (see FusedMaxPool).
    private PoolShape _pool;
    private float* _pooledGradient, _pooledOutput;
    private int* _argmax;

    public static ConvBackwardJob For(in ConvPlan plan, GemmPath path, bool panels, float* input, float* weights, float* outputGradient, float* reluOutput, float* inputGradient, float* shared, int count, int chunks)
    {
        ConvBackwardJob job = t_cached ??= new ConvBackwardJob();
        job._plan = plan;
        job._path = path;
        job._panels = panels;
        job._input = input;
        job._weights = weights;
        job._outputGradient = outputGradient;
        job._reluOutput = reluOutput;
        job._inputGradient = inputGradient;
        job._shared = shared;
        job._count = count;
        job._chunks = chunks;
        job._pooledGradient = null;
        job._pooledOutput = null;
        job._argmax = null;
        return job;
    }

    /// <summary>Makes the job read its output gradient through a max pool (<see cref="FusedMaxPool"/>).</summary>
    public ConvBackwardJob ThroughMaxPool(in PoolShape pool, float* pooledGradient, int* argmax, float* pooledOutput)
    {
        _pool = pool;
        _pooledGradient = pooledGradient;
        _argmax = argmax;
        _pooledOutput = pooledOutput;
        return this;
    }

    /// <summary>Chunks in a run: the gradient chunks, then one per image when the input gradient is wanted.</summary>
    public int ChunkCount => _chunks + (_inputGradient != null ? _count : 0);

    public override void Execute(int chunk, int participant)
    {
        ConvPlan p = _plan;
        ConvShape s = p.S;
        float* slice = _shared + p.SharedEnd + (nint)participant * p.SliceSize;
        if (chunk >= _chunks)
        {
            int image = chunk - _chunks;
            float* gate = Gate(image);
            float* dy = OutputGradient(image, slice, ref gate);
            InputGradient(p, dy, gate, _inputGradient + (nint)image * s.InputSize, slice);
            return;
        }

        float* gradWT = _shared + p.GradW + (nint)chunk * p.GradWChunkSize;
        float* gradB = _shared + p.GradB + (nint)chunk * s.Filters;
        ConvMemory.Zero(gradB, s.Filters);
        int first = (int)((long)_count * chunk / _chunks);
        int end = (int)((long)_count * (chunk + 1) / _chunks);
        if (p.WinogradWeights)
        {
            WinogradWeightGradient(p, first, end, gradWT, gradB, slice);
            return;
        }

        ConvMemory.Zero(gradWT, p.GradWChunkFloats);

        for (int image = first; image < end; image++)
        {
            float* x = _input + (nint)image * s.InputSize;
            float* gate = Gate(image);
            float* dy = OutputGradient(image, slice, ref gate);
            WeightGradient(p, x, dy, gate, gradWT, gradB, slice);
        }
    }

    /// <summary>Images first..end into the chunk's Winograd dU (<see cref="ConvWinogradGradient"/>), in blocks that depend on the image range only.</summary>
    private void WinogradWeightGradient(in ConvPlan p, int first, int end, float* gradDU, float* gradB, float* slice)
    {
        ConvWinogradGradient.BeginChunk(p, slice);
        var block = default(WinogradBlock);
        for (int image = first; image < end; image++)
        {
            float* x = _input + (nint)image * p.S.InputSize;
            float* gate = Gate(image);
            float* dy = OutputGradient(image, slice, ref gate);
            ConvWinogradGradient.AddImage(_path, p, x, dy, gate, gradDU, gradB, slice, ref block);
        }

        ConvWinogradGradient.Flush(_path, p, gradDU, slice, ref block);
    }

    /// <summary>
    /// One image's output gradient: in the caller's buffer, or, through a max pool, routed into
    /// this participant's slice with the ReLU gate already applied (<paramref name="gate"/> becomes null).
    /// </summary>
    private float* OutputGradient(int image, float* slice, ref float* gate)
    {
        if (_pooledGradient == null)
        {
            return _outputGradient + (nint)image * _plan.S.OutputSize;
        }

        int pooled = _pool.OutputSize;
        float* routed = slice + _plan.Routed;
        FusedMaxPool.BackwardImage(_pool, _pooledGradient + (nint)image * pooled, _argmax + (nint)image * pooled, _pooledOutput + (nint)image * pooled, slice + _plan.PoolGated, routed);
        gate = null;
        return routed;
    }

    /// <summary>The fused ReLU's output for one image (its backward gate), or null when there is none.</summary>
    private float* Gate(int image) => _reluOutput == null ? null : _reluOutput + (nint)image * _plan.S.OutputSize;

    private void WeightGradient(in ConvPlan p, float* x, float* dy, float* gate, float* gradWT, float* gradB, float* slice)
    {
        if (!p.Implicit)
        {
            ConvIm2Col.WeightGradientImage(_path, p, x, dy, gate, gradWT, gradB, slice);
            return;
        }

        switch (_path)
        {
            case GemmPath.Avx512:
                ConvImplicit<GemmKernel512>.WeightGradientImage(p, true, x, dy, gate, gradWT, gradB, _shared, slice);
                break;
            case GemmPath.Avx2:
                ConvImplicit<GemmKernel256>.WeightGradientImage(p, false, x, dy, gate, gradWT, gradB, _shared, slice);
                break;
            default:
                ConvImplicit<GemmKernelPortable>.WeightGradientImage(p, false, x, dy, gate, gradWT, gradB, _shared, slice);
                break;
        }
    }

    private void InputGradient(in ConvPlan p, float* dy, float* gate, float* dx, float* slice)
    {
        if (p.WinogradBack)
        {
            ConvWinograd.Convolve(_path, p.WB, dy, gate, _shared + p.PackedWB, null, false, dx, p, slice);
            return;
        }

        if (!p.ImplicitBackData)
        {
            ConvIm2Col.InputGradientImage(_path, p, _weights, dy, gate, dx, slice);
            return;
        }

        switch (_path)
        {
            case GemmPath.Avx512:
                ConvImplicit<GemmKernel512>.InputGradientImage(p, _panels, dy, gate, dx, _shared, slice);
                break;
            case GemmPath.Avx2:
                ConvImplicit<GemmKernel256>.InputGradientImage(p, false, dy, gate, dx, _shared, slice);
                break;
            default:
                ConvImplicit<GemmKernelPortable>.InputGradientImage(p, false, dy, gate, dx, _shared, slice);
                break;
        }
    }
}
