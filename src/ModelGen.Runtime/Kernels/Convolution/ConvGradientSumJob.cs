using System.Numerics.Tensors;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// The end of Conv2D.Backward: adds the gradient chunks' partial weight gradients in chunk
/// order and transposes gradWᵀ (patch rows x filter columns) into the (F, C, K, K) weight
/// gradient. For the 64-filter layers this was ~70 µs on the calling thread with the worker
/// idle; here fixed ranges of 16 patch rows are split over the threads. Each element is still
/// summed over chunks 0, 1, 2, … in order, so any split gives the same bits.
/// </summary>
internal sealed unsafe class ConvGradientSumJob : ParallelJob
{
    /// <summary>Below this many floats of partial sums (all chunks together), one thread does it all.</summary>
    private const int ParallelMinFloats = 1 << 15;

    private const int RowsPerUnit = 16;

    [ThreadStatic] private static ConvGradientSumJob? t_cached;

    private ConvPlan _plan;
    private bool _avx512;
    private float* _shared, _weightGradient;
    private int _chunks, _units, _parts;

    /// <summary>Sums <paramref name="chunks"/> partial gradients at shared + GradW into <paramref name="weightGradient"/>; biases at shared + GradB into the first chunk's.</summary>
    public static void Run(in ConvPlan plan, bool avx512, float* shared, int chunks, float* weightGradient)
    {
        SumBiases(plan, shared, chunks);
        ConvGradientSumJob job = t_cached ??= new ConvGradientSumJob();
        job._plan = plan;
        job._avx512 = avx512;
        job._shared = shared;
        job._weightGradient = weightGradient;
        job._chunks = chunks;
        job._units = (plan.Patch + RowsPerUnit - 1) / RowsPerUnit;
        long floats = (long)chunks * plan.GradWChunkFloats;
        int participants = floats >= ParallelMinFloats ? KernelThreads.ParticipantsFor(job._units) : 1;
        job._parts = Math.Min(job._units, 4 * participants);
        KernelThreads.Run(job, job._parts, participants);
    }

    /// <summary>Adds the chunks' bias sums (a few dozen floats) into the first chunk's, in chunk order.</summary>
    public static void SumBiases(in ConvPlan plan, float* shared, int chunks)
    {
        var biasTotal = new Span<float>(shared + plan.GradB, plan.S.Filters);
        for (int c = 1; c < chunks; c++)
        {
            TensorPrimitives.Add(biasTotal, new ReadOnlySpan<float>(shared + plan.GradB + (nint)c * plan.S.Filters, plan.S.Filters), biasTotal);
        }
    }

    public override void Execute(int part, int participant)
    {
        ConvPlan p = _plan;
        int r0 = (int)((long)_units * part / _parts) * RowsPerUnit;
        int r1 = Math.Min(p.Patch, (int)((long)_units * (part + 1) / _parts) * RowsPerUnit);
        if (r1 <= r0)
        {
            return;
        }

        int ld = p.Implicit ? p.FCols : p.S.Filters;
        float* total = _shared + p.GradW + (nint)r0 * ld;
        int length = (r1 - r0) * ld;
        var sum = new Span<float>(total, length);
        for (int c = 1; c < _chunks; c++)
        {
            TensorPrimitives.Add(sum, new ReadOnlySpan<float>(total + (nint)c * p.GradWChunkSize, length), sum);
        }

        // Rows r0..r1 of gradWᵀ become columns r0..r1 of every filter's row of dW.
        BlockTranspose.Transpose(_avx512 && Avx512F.IsSupported, total, ld, r1 - r0, p.S.Filters, _weightGradient + r0, p.Patch);
    }
}
