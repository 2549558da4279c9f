namespace ModelGen.Kernels;

/// <summary>
/// Splits an elementwise activation pass over the kernel threads in fixed ranges. Every element
/// is computed the same way wherever the range boundaries fall, so any thread count gives the
/// same bits.
/// </summary>
internal sealed unsafe class ElementwiseJob : ParallelJob
{
    public enum Op
    {
        Relu,
        ReluBackward,
        SigmoidBackward,
        TanhBackward,
    }

    /// <summary>
    /// Below this many floats one thread is faster than a handoff. A handoff to a spinning worker
    /// costs a few µs; a ReLU streams ~4 floats/ns from cache, so 64K floats (~15 µs) leave a margin.
    /// </summary>
    public const int ParallelMinFloats = 1 << 16;

    /// <summary>Smallest range a chunk gets (a multiple of 64, so the unrolled loops end whole).</summary>
    private const int MinChunkFloats = 1 << 14;

    [ThreadStatic] private static ElementwiseJob? t_cached;

    private Op _op;
    private float* _a, _b, _c;
    private nint _length;
    private int _chunks;

    /// <summary>
    /// Runs <paramref name="op"/> over n floats: Relu reads a and writes b; the backward ops read
    /// y = a and dy = b and write dx = c.
    /// </summary>
    public static void Run(Op op, float* a, float* b, float* c, int n)
    {
        if (n <= 0)
        {
            return;
        }

        int participants = n >= ParallelMinFloats ? KernelThreads.ParticipantsFor(n / MinChunkFloats) : 1;
        if (participants <= 1)
        {
            Execute(op, a, b, c, 0, n);
            return;
        }

        // A few chunks per thread, so a thread the OS delays leaves work to the others.
        ElementwiseJob job = t_cached ??= new ElementwiseJob();
        job._op = op;
        job._a = a;
        job._b = b;
        job._c = c;
        job._length = n;
        job._chunks = Math.Min(n / MinChunkFloats, 4 * participants);
        KernelThreads.Run(job, job._chunks, participants);
    }

    public override void Execute(int chunk, int participant)
    {
        // Range boundaries on 64-float multiples (whole cache lines per thread).
        nint blocks = (_length + 63) / 64;
        nint begin = Math.Min(_length, blocks * chunk / _chunks * 64);
        nint end = Math.Min(_length, blocks * (chunk + 1) / _chunks * 64);
        Execute(_op, _a, _b, _c, begin, end - begin);
    }

    private static void Execute(Op op, float* a, float* b, float* c, nint start, nint n)
    {
        switch (op)
        {
            case Op.Relu:
                ElementwiseKernels.Relu(a + start, b + start, n);
                break;
            case Op.ReluBackward:
                ElementwiseKernels.ReluBackward(a + start, b + start, c + start, n);
                break;
            case Op.SigmoidBackward:
                ElementwiseKernels.SigmoidBackward(a + start, b + start, c + start, n);
                break;
            default:
                ElementwiseKernels.TanhBackward(a + start, b + start, c + start, n);
                break;
        }
    }
}
