namespace ModelGen.Kernels;

/// <summary>
/// Runs one pooling operation over a batch, split into fixed ranges of row pairs (2 x 2 fast
/// path) or planes (generic path). Each range writes its own outputs only, so any split gives
/// the same bits.
/// </summary>
internal sealed unsafe class PoolingJob : ParallelJob
{
    public enum Op
    {
        MaxForward,
        MaxBackward,
        AvgForward,
        AvgBackward,
    }

    /// <summary>Below this many input floats per call a second thread costs more than it saves.</summary>
    private const int ParallelMinFloats = 1 << 15;

    [ThreadStatic] private static PoolingJob? t_cached;

    private Op _op;
    private PoolShape _shape;
    private bool _fast;
    private float* _x, _y;
    private int* _argmax;
    private int _units, _chunks;

    public static void Run(Op op, in PoolShape s, bool allowFast, float* x, float* y, int* argmax, int count)
    {
        int planes = count * s.Channels;
        bool fast = UsesFastPath(s, allowFast);
        int units = Units(s, fast, count);
        long floats = (long)planes * s.Height * s.Width;
        int participants = floats >= ParallelMinFloats ? KernelThreads.ParticipantsFor(units) : 1;
        int chunks = Math.Min(units, 4 * participants);
        PoolingJob job = t_cached ??= new PoolingJob();
        job._op = op;
        job._shape = s;
        job._fast = fast;
        job._x = x;
        job._y = y;
        job._argmax = argmax;
        job._units = units;
        job._chunks = chunks;
        KernelThreads.Run(job, chunks, participants);
    }

    public override void Execute(int chunk, int participant)
    {
        int begin = (int)((long)_units * chunk / _chunks);
        int end = (int)((long)_units * (chunk + 1) / _chunks);
        PoolShape s = _shape;
        switch (_op)
        {
            case Op.MaxForward:
                MaxForwardUnits(s, _fast, _x, _y, _argmax, begin, end);
                break;
            case Op.MaxBackward:
                MaxBackwardUnits(s, _fast, _y, _argmax, _x, begin, end);
                break;
            case Op.AvgForward when _fast:
                Pooling2x2.AvgForward(s.Width, _x, _y, begin, end);
                break;
            case Op.AvgForward:
                PoolingGeneric.AvgForward(s, _x + (nint)begin * InPlane(s), _y + (nint)begin * OutPlane(s), end - begin);
                break;
            case Op.AvgBackward when _fast:
                Pooling2x2.AvgBackward(s.Width, _y, _x, begin, end);
                break;
            default:
                PoolingGeneric.AvgBackward(s, _y + (nint)begin * OutPlane(s), _x + (nint)begin * InPlane(s), end - begin);
                break;
        }
    }

    /// <summary>Whether the 2 x 2 kernels (AVX-512, else AVX2) run this shape.</summary>
    internal static bool UsesFastPath(in PoolShape s, bool allowFast) => allowFast && s.IsTwoByTwo && Pooling2x2.IsSupported;

    /// <summary>Work units in <paramref name="images"/> images: row pairs on the 2 x 2 path (the batch seen as one tall matrix), planes otherwise.</summary>
    internal static int Units(in PoolShape s, bool fast, int images) => fast ? images * s.Channels * s.Height / 2 : images * s.Channels;

    /// <summary>Max pooling of units [begin, end); x, y and argmax (null for inference) point at the first image.</summary>
    internal static void MaxForwardUnits(in PoolShape s, bool fast, float* x, float* y, int* argmax, int begin, int end)
    {
        if (fast)
        {
            Pooling2x2.MaxForward(s.Height, s.Width, x, y, argmax, begin, end);
        }
        else
        {
            int outPlane = OutPlane(s);
            PoolingGeneric.MaxForward(s, x + (nint)begin * InPlane(s), y + (nint)begin * outPlane, argmax == null ? null : argmax + (nint)begin * outPlane, end - begin);
        }
    }

    /// <summary>Max pooling's backward pass over units [begin, end): dx is overwritten; the pointers are at the first image.</summary>
    internal static void MaxBackwardUnits(in PoolShape s, bool fast, float* dy, int* argmax, float* dx, int begin, int end)
    {
        if (fast)
        {
            Pooling2x2.MaxBackward(s.Height, s.Width, dy, argmax, dx, begin, end);
        }
        else
        {
            int outPlane = OutPlane(s);
            PoolingGeneric.MaxBackward(s, dy + (nint)begin * outPlane, argmax + (nint)begin * outPlane, dx + (nint)begin * InPlane(s), end - begin);
        }
    }

    private static int InPlane(in PoolShape s) => s.Height * s.Width;

    private static int OutPlane(in PoolShape s) => s.OutHeight * s.OutWidth;
}
