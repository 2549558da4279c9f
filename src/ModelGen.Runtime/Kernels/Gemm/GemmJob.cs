namespace ModelGen.Kernels;

/// <summary>
/// Splits one GEMM across the kernel threads: each chunk is a contiguous range of panels (NR
/// columns of C) or, when there are too few panels to share, of row tiles (MR rows of C).
/// One instance is cached per calling thread, so dispatching allocates nothing.
/// </summary>
internal sealed unsafe class GemmJob : ParallelJob
{
    /// <summary>
    /// Below this many flops one thread is faster than a handoff (a dispatch costs a few
    /// microseconds of the other core's time; 1 MFLOP is ~8 µs of one core).
    /// </summary>
    public const long ParallelMinFlops = 1L << 20;

    /// <summary>Split-k products whose B is at least this big (512 KB, past a typical L2 share) use two threads whatever their flops.</summary>
    private const long SplitKMinWeightBytes = 512 * 1024;

    /// <summary>Panels per thread below which a product is split by rows instead (see <see cref="Run"/>).</summary>
    private const int MinPanelsPerThread = 2;

    [ThreadStatic] private static GemmJob? t_cached;

    private GemmProblem _problem;
    private GemmPath _path;
    private bool _strips;
    private float* _stripTail;
    private bool _splitK;
    private GemmProblem _secondHalf;
    private float* _secondTail;
    private int _rowParts;
    private bool _splitPanels;
    private int _tiles;
    private int _chunks;
    private int _other;

    /// <summary>Runs the problem on the path, on several threads when it is big enough and <paramref name="allowThreads"/>.</summary>
    public static void Run(GemmPath path, in GemmProblem g, bool allowThreads)
    {
        if (GemmStrips.Handles(path, g))
        {
            RunStrips(path, g, allowThreads);
            return;
        }

        int rowTiles = (g.M + GemmPaths.MR(path) - 1) / GemmPaths.MR(path);
        int panels = (g.N + GemmPaths.NR(path) - 1) / GemmPaths.NR(path);
        long flops = 2L * g.M * g.N * g.K;
        int participants = allowThreads && flops >= ParallelMinFlops
            ? KernelThreads.ParticipantsFor(Math.Max(rowTiles, panels))
            : 1;
        if (participants <= 1)
        {
            Compute(path, g, 0, rowTiles, 0, panels);
            return;
        }

        // Split whichever dimension leaves the busiest thread the fewest tiles; ties go to
        // panels, where each thread packs only its own part of B. But a few panels stay whole:
        // threads on neighbouring panels write the two sides of a cache line in every row of
        // C (.NET arrays are not 64-byte aligned), and with two panels of a 100 x 784 x 50
        // product that false sharing made two threads no faster than one (measured 69 µs both).
        long byPanels = (long)CeilDiv(panels, participants) * rowTiles;
        long byRows = (long)CeilDiv(rowTiles, participants) * panels;
        GemmJob job = t_cached ??= new GemmJob();
        job._problem = g;
        job._path = path;
        job._splitPanels = byPanels <= byRows && panels >= MinPanelsPerThread * participants;
        job._tiles = job._splitPanels ? panels : rowTiles;
        // A few chunks per thread, so a thread the OS delays leaves work for the others;
        // splitting rows re-packs B per chunk, so those stay one per thread.
        job._chunks = Math.Min(job._tiles, job._splitPanels ? 4 * participants : participants);
        job._other = job._splitPanels ? rowTiles : panels;
        KernelThreads.Run(job, job._chunks, participants);
    }

    /// <summary>Whole strips and a few tail columns (<see cref="GemmStrips"/>): B's tail copied once on this thread, then row tiles shared out.</summary>
    private static void RunStrips(GemmPath path, in GemmProblem g, bool allowThreads)
    {
        if (GemmStrips.SplitsK(g))
        {
            RunStripsSplitK(path, g, allowThreads);
            return;
        }

        float* tail = GemmScratch.Get(GemmStrips.TailFloats(path, g));
        GemmStrips.PackTail(path, g, tail);
        int rowTiles = GemmStrips.RowTiles(path, g.M);
        long flops = 2L * g.M * g.N * g.K;
        int participants = allowThreads && flops >= ParallelMinFlops ? KernelThreads.ParticipantsFor(rowTiles) : 1;
        if (participants <= 1)
        {
            GemmStrips.Compute(path, g, tail, 0, rowTiles);
            return;
        }

        GemmJob job = t_cached ??= new GemmJob();
        job._problem = g;
        job._path = path;
        job._strips = true;
        job._stripTail = tail;
        job._tiles = rowTiles;
        // A·B: a few chunks per thread, so a thread the OS delays leaves work for the others.
        // Aᵀ·B (a weight gradient): one contiguous part per thread, the caller's first, which
        // is how the optimizer's update is split next (SlicedUpdate): each core then updates
        // the gradient rows it wrote, and they never cross to the other core.
        job._chunks = Math.Min(rowTiles, g.TransA ? participants : 4 * participants);
        try
        {
            KernelThreads.Run(job, job._chunks, participants);
        }
        finally
        {
            job._strips = false;
        }
    }

    /// <summary>
    /// An A·B on the strips summed in two halves of k (<see cref="GemmStrips.SplitKMin"/>): the
    /// first half into C, the second into scratch, added to C at the end (on one thread, added
    /// to C as it is stored). Chunks are the two halves, each cut into row parts when there are
    /// more than two threads; the caller takes chunk 0, the first half, as it takes the first
    /// half of the weight gradient.
    /// </summary>
    private static void RunStripsSplitK(GemmPath path, in GemmProblem g, bool allowThreads)
    {
        int k0 = GemmStrips.SplitPoint(g.K);
        int tailColumns = GemmStrips.TailFloats(path, g) / g.K;
        int tailFloats = (tailColumns * g.K + 15) & ~15;
        float* scratch = GemmScratch.Get(tailFloats + g.M * g.N);
        float* partial = scratch + tailFloats;
        var first = GemmStrips.KPart(g, 0, k0, g.C, g.Accumulate);
        var second = GemmStrips.KPart(g, k0, g.K - k0, partial, accumulate: false);
        float* firstTail = scratch, secondTail = scratch + tailColumns * k0;
        int rowTiles = GemmStrips.RowTiles(path, g.M);
        long flops = 2L * g.M * g.N * g.K;
        // Weights too big for L2 are worth two threads even for one image: each core then
        // streams half of them (SimpleConvNet's dense layer, 1.7 MB, for a single image).
        bool streamsB = (long)g.K * g.N * sizeof(float) >= SplitKMinWeightBytes;
        int participants = allowThreads && (flops >= ParallelMinFlops || streamsB) ? KernelThreads.ParticipantsFor(2 * rowTiles) : 1;
        int rowParts = Math.Min(rowTiles, (participants + 1) / 2);
        if (participants <= 1 || rowParts > 1)
        {
            GemmStrips.PackTail(path, first, firstTail);
            GemmStrips.PackTail(path, second, secondTail);
        }

        if (participants <= 1)
        {
            // One thread adds a second half of one k-block straight into C: the kernels sum a
            // k-block from zero and add it to C when they store, the same one addition as
            // AddPartial. (A half of several k-blocks would add each block to C in turn.)
            bool direct = g.K - k0 <= GemmStrips.KC;
            if (direct)
            {
                second.C = g.C;
                second.Accumulate = true;
            }

            GemmStrips.Compute(path, first, firstTail, 0, rowTiles);
            GemmStrips.Compute(path, second, secondTail, 0, rowTiles);
            if (!direct)
            {
                AddPartial(g, partial);
            }

            return;
        }

        GemmJob job = t_cached ??= new GemmJob();
        job._problem = first;
        job._secondHalf = second;
        job._path = path;
        job._splitK = true;
        job._stripTail = firstTail;
        job._secondTail = secondTail;
        job._tiles = rowTiles;
        job._rowParts = rowParts;
        job._chunks = 2 * job._rowParts;
        try
        {
            KernelThreads.Run(job, job._chunks, participants);
        }
        finally
        {
            job._splitK = false;
        }

        AddPartial(g, partial);
    }

    /// <summary>C = first half + second half, one addition per element whatever the threads did.</summary>
    private static void AddPartial(in GemmProblem g, float* partial)
    {
        var c = new Span<float>(g.C, g.M * g.N);
        System.Numerics.Tensors.TensorPrimitives.Add(c, new ReadOnlySpan<float>(partial, g.M * g.N), c);
    }

    public override void Execute(int chunk, int participant)
    {
        if (_splitK)
        {
            int part = chunk % _rowParts;
            int rowBegin = (int)((long)_tiles * part / _rowParts);
            int rowEnd = (int)((long)_tiles * (part + 1) / _rowParts);
            if (_rowParts == 1)
            {
                // One chunk per half: it packs its own tail columns, on its own core.
                GemmStrips.PackTail(_path, chunk == 0 ? _problem : _secondHalf, chunk == 0 ? _stripTail : _secondTail);
            }

            if (chunk < _rowParts)
            {
                GemmStrips.Compute(_path, _problem, _stripTail, rowBegin, rowEnd);
            }
            else
            {
                GemmStrips.Compute(_path, _secondHalf, _secondTail, rowBegin, rowEnd);
            }

            return;
        }

        int begin = (int)((long)_tiles * chunk / _chunks);
        int end = (int)((long)_tiles * (chunk + 1) / _chunks);
        if (_strips)
        {
            GemmStrips.Compute(_path, _problem, _stripTail, begin, end);
        }
        else if (_splitPanels)
        {
            Compute(_path, _problem, 0, _other, begin, end);
        }
        else
        {
            Compute(_path, _problem, begin, end, 0, _other);
        }
    }

    /// <summary>Computes row tiles [rt0, rt1) x panels [jp0, jp1) on the given path, on this thread.</summary>
    public static void Compute(GemmPath path, in GemmProblem g, int rt0, int rt1, int jp0, int jp1)
    {
        switch (path)
        {
            case GemmPath.Avx512:
                GemmDriver<GemmKernel512>.Compute(g, rt0, rt1, jp0, jp1);
                break;
            case GemmPath.Avx2:
                GemmDriver<GemmKernel256>.Compute(g, rt0, rt1, jp0, jp1);
                break;
            default:
                GemmDriver<GemmKernelPortable>.Compute(g, rt0, rt1, jp0, jp1);
                break;
        }
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
