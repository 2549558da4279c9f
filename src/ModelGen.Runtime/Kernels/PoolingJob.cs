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
        bool fast = allowFast && s.IsTwoByTwo && Pooling2x2.IsSupported;
        int units = fast ? planes * s.Height / 2 : planes;
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
        if (_fast)
        {
            switch (_op)
            {
                case Op.MaxForward when Pooling2x2Narrow.Handles(s.Width):
                    Pooling2x2Narrow.MaxForward(s.Height, s.Width, _x, _y, _argmax, begin, end);
                    break;
                case Op.MaxForward:
                    Pooling2x2.MaxForward(s.Height, s.Width, _x, _y, _argmax, begin, end);
                    break;
                case Op.MaxBackward when Pooling2x2Narrow.Handles(s.Width):
                    Pooling2x2Narrow.MaxBackward(s.Height, s.Width, _y, _argmax, _x, begin, end);
                    break;
                case Op.MaxBackward:
                    Pooling2x2.MaxBackward(s.Height, s.Width, _y, _argmax, _x, begin, end);
                    break;
                case Op.AvgForward:
                    Pooling2x2.AvgForward(s.Width, _x, _y, begin, end);
                    break;
                default:
                    Pooling2x2.AvgBackward(s.Width, _y, _x, begin, end);
                    break;
            }

            return;
        }

        // Generic path: unit = plane.
        int inPlane = s.Height * s.Width, outPlane = s.OutHeight * s.OutWidth, planes = end - begin;
        float* x = _x + (nint)begin * inPlane;
        float* y = _y + (nint)begin * outPlane;
        int* argmax = _argmax == null ? null : _argmax + (nint)begin * outPlane;
        switch (_op)
        {
            case Op.MaxForward:
                PoolingGeneric.MaxForward(s, x, y, argmax, planes);
                break;
            case Op.MaxBackward:
                PoolingGeneric.MaxBackward(s, y, argmax, x, planes);
                break;
            case Op.AvgForward:
                PoolingGeneric.AvgForward(s, x, y, planes);
                break;
            default:
                PoolingGeneric.AvgBackward(s, y, x, planes);
                break;
        }
    }
}
