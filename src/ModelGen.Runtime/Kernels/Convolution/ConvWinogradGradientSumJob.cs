using System.Numerics.Tensors;

namespace ModelGen.Kernels;

/// <summary>
/// The end of a Winograd weight gradient (<see cref="ConvWinogradGradient"/>): adds the
/// gradient chunks' dU in chunk order and turns each filter-channel pair's α² sums into its
/// 3 x 3 weight gradient. Fixed ranges of filters are split over the threads; each element is
/// still summed over chunks 0, 1, 2, … in order, so any split gives the same bits.
/// </summary>
internal sealed unsafe class ConvWinogradGradientSumJob : ParallelJob
{
    /// <summary>Below this many floats of partial sums (all chunks together), one thread does it all.</summary>
    private const int ParallelMinFloats = 1 << 15;

    [ThreadStatic] private static ConvWinogradGradientSumJob? t_cached;

    private ConvPlan _plan;
    private float* _shared, _weightGradient;
    private int _chunks, _parts;

    /// <summary>Sums <paramref name="chunks"/> partial dU at shared + GradW into <paramref name="weightGradient"/> (F, C, 3, 3).</summary>
    public static void Run(in ConvPlan plan, float* shared, int chunks, float* weightGradient)
    {
        ConvWinogradGradientSumJob job = t_cached ??= new ConvWinogradGradientSumJob();
        job._plan = plan;
        job._shared = shared;
        job._weightGradient = weightGradient;
        job._chunks = chunks;
        int filters = plan.S.Filters;
        long floats = (long)chunks * plan.GradWChunkFloats;
        int participants = floats >= ParallelMinFloats ? KernelThreads.ParticipantsFor(filters) : 1;
        job._parts = Math.Min(filters, 4 * participants);
        KernelThreads.Run(job, job._parts, participants);
    }

    public override void Execute(int part, int participant)
    {
        ConvPlan p = _plan;
        WinogradGradientShape g = p.WG;
        int filters = p.S.Filters, channels = p.S.Channels, cs = g.CS;
        int f0 = (int)((long)filters * part / _parts);
        int f1 = (int)((long)filters * (part + 1) / _parts);
        if (f1 <= f0)
        {
            return;
        }

        float* total = _shared + p.GradW;
        int length = (f1 - f0) * cs;
        for (int xi = 0; xi < g.Products; xi++)
        {
            float* rows = total + (nint)xi * g.DUMatrix + (nint)f0 * cs;
            var sum = new Span<float>(rows, length);
            for (int c = 1; c < _chunks; c++)
            {
                TensorPrimitives.Add(sum, new ReadOnlySpan<float>(rows + (nint)c * p.GradWChunkSize, length), sum);
            }
        }

        for (int f = f0; f < f1; f++)
        {
            for (int c = 0; c < channels; c++)
            {
                float* du = total + (nint)f * cs + c;
                float* dw = _weightGradient + ((nint)f * channels + c) * 9;
                if (g.Tile == 4)
                {
                    WinogradGradientTransforms.Filter4(du, g.DUMatrix, dw);
                }
                else
                {
                    WinogradGradientTransforms.Filter(du, g.DUMatrix, dw);
                }
            }
        }
    }
}
