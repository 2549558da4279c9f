namespace ModelGen.Kernels;

/// <summary>
/// Convolution backward over a batch. Chunks below <c>gradientChunks</c> each take a fixed range
/// of images (fixed by the image count alone) and sum their weight and bias gradients into
/// their own buffers; the chunks after them write one image's input gradient each. Threads
/// claim chunks in order, so the big gradient chunks go first and the small per-image ones
/// even out the finish.
/// </summary>
internal sealed unsafe class ConvBackwardJob : ParallelJob
{
    [ThreadStatic] private static ConvBackwardJob? t_cached;

    private ConvPlan _plan;
    private GemmPath _path;
    private bool _panels;
    private float* _input, _weights, _outputGradient, _inputGradient, _shared;
    private int _count, _chunks;

    public static ConvBackwardJob For(in ConvPlan plan, GemmPath path, bool panels, float* input, float* weights, float* outputGradient, float* inputGradient, float* shared, int count, int chunks)
    {
        ConvBackwardJob job = t_cached ??= new ConvBackwardJob();
        job._plan = plan;
        job._path = path;
        job._panels = panels;
        job._input = input;
        job._weights = weights;
        job._outputGradient = outputGradient;
        job._inputGradient = inputGradient;
        job._shared = shared;
        job._count = count;
        job._chunks = chunks;
        return job;
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
            InputGradient(p, _outputGradient + (nint)image * s.OutputSize, _inputGradient + (nint)image * s.InputSize, slice);
            return;
        }

        float* gradWT = _shared + p.GradW + (nint)chunk * p.GradWChunkSize;
        float* gradB = _shared + p.GradB + (nint)chunk * s.Filters;
        ConvMemory.Zero(gradWT, p.GradWChunkSize);
        ConvMemory.Zero(gradB, s.Filters);
        int first = (int)((long)_count * chunk / _chunks);
        int end = (int)((long)_count * (chunk + 1) / _chunks);
        int positions = p.OH * p.OW;
        for (int image = first; image < end; image++)
        {
            float* x = _input + (nint)image * s.InputSize;
            float* dy = _outputGradient + (nint)image * s.OutputSize;
            for (int f = 0; f < s.Filters; f++)
            {
                gradB[f] += System.Numerics.Tensors.TensorPrimitives.Sum(new ReadOnlySpan<float>(dy + (nint)f * positions, positions));
            }

            WeightGradient(p, x, dy, gradWT, slice);
        }
    }

    private void WeightGradient(in ConvPlan p, float* x, float* dy, float* gradWT, float* slice)
    {
        if (!p.Implicit)
        {
            ConvIm2Col.WeightGradientImage(_path, p, x, dy, gradWT, slice);
            return;
        }

        switch (_path)
        {
            case GemmPath.Avx512:
                ConvImplicit<GemmKernel512>.WeightGradientImage(p, true, x, dy, gradWT, _shared, slice);
                break;
            case GemmPath.Avx2:
                ConvImplicit<GemmKernel256>.WeightGradientImage(p, false, x, dy, gradWT, _shared, slice);
                break;
            default:
                ConvImplicit<GemmKernelPortable>.WeightGradientImage(p, false, x, dy, gradWT, _shared, slice);
                break;
        }
    }

    private void InputGradient(in ConvPlan p, float* dy, float* dx, float* slice)
    {
        if (!p.ImplicitBackData)
        {
            ConvIm2Col.InputGradientImage(_path, p, _weights, dy, dx, slice);
            return;
        }

        switch (_path)
        {
            case GemmPath.Avx512:
                ConvImplicit<GemmKernel512>.InputGradientImage(p, _panels, dy, dx, _shared, slice);
                break;
            case GemmPath.Avx2:
                ConvImplicit<GemmKernel256>.InputGradientImage(p, false, dy, dx, _shared, slice);
                break;
            default:
                ConvImplicit<GemmKernelPortable>.InputGradientImage(p, false, dy, dx, _shared, slice);
                break;
        }
    }
}
