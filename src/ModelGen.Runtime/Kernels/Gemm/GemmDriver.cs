using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// The blocked GEMM loops around one path's micro-kernel: B is packed one k-block (KC rows) by
/// a group of NR-wide panels at a time, A is read in place (row pointers for A, interleaved
/// rows for Aᵀ), and each MR x NR tile of C is produced by one kernel call per k-block.
/// </summary>
/// <remarks>
/// Determinism: every element of C is summed over k in the fixed order k-block by k-block,
/// p by p inside a block, whichever thread computes its tile; the split between threads is
/// only over tiles. Ragged tiles go through a temporary tile so the kernel stays branch-free.
/// </remarks>
internal static unsafe class GemmDriver<TK> where TK : struct, IGemmKernel
{
    /// <summary>Rows of B per packed block: a 256 x 32 panel (32 KB) stays in L1/L2 while the row tiles stream past it.</summary>
    public const int KC = 256;

    /// <summary>
    /// Columns of B packed per group: the packed block (KC rows of them) takes at most half of
    /// this machine's L2 (<see cref="CacheSizes"/>), so the A rows streaming past it stay there
    /// too: 1,024 columns (1 MB) with the 2 MB L2 of recent Xeons, 256 with the 512 KB of a Zen 3.
    /// The grouping only orders the tiles: every element's sum is the same whatever it is.
    /// </summary>
    public static readonly int GroupColumns = Math.Clamp(CacheSizes.L2Bytes / 2 / (KC * sizeof(float)), 128, 1024);

    /// <summary>Rows of A per block, so that MC x KC of A stays in L2 across the panels of a group.</summary>
    public const int MC = 256;

    /// <summary>
    /// Up to this many rows of C, full panels of a non-transposed B are read in place rather
    /// than packed: each panel is then used by so few row tiles that copying it costs about as
    /// much as the arithmetic. 128 covers a batch of 100 on every path: the dense layers'
    /// weights (784 x 50, 100 KB packed) used to be copied on every call by every thread that
    /// shared the rows, and reading them in place measured as fast for one thread.
    /// </summary>
    internal const int DirectBMaxRows = 128;

    /// <summary>Whether a product of <paramref name="m"/> rows reads B's full panels in place.</summary>
    public static bool ReadsBInPlace(bool transB, int m) => !transB && m <= DirectBMaxRows;

    public static int RowTiles(int m) => (m + TK.MR - 1) / TK.MR;

    public static int Panels(int n) => (n + TK.NR - 1) / TK.NR;

    /// <summary>Computes the tiles in row tiles [rt0, rt1) x panels [jp0, jp1) of the problem.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(in GemmProblem g, int rt0, int rt1, int jp0, int jp1)
    {
        int mr = TK.MR;
        int nr = TK.NR;
        int m = g.M;
        int k = g.K;
        int n = g.N;
        int panelsPerGroup = Math.Max(1, GroupColumns / nr);
        // Equal k-blocks of at most KC rows (784 = 4 x 196, not 3 x 256 + 16): a short last
        // block would pay a full C-tile reload for a few steps. Depends on k only, never on threads.
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        // Sized by the whole problem, not by this call's share of it: a thread's share varies
        // from run to run (chunks are claimed dynamically), and a size that followed it made
        // the buffer grow, i.e. allocate, on some later call after warm-up.
        int groupPanels = Math.Min(panelsPerGroup, Panels(n));
        float* packB = GemmScratch.Get(groupPanels * kcMax * nr + mr * nr + kcMax * mr + 64);
        float* tile = packB + groupPanels * kcMax * nr;
        float* packA = tile + mr * nr;
        float** rows = stackalloc float*[mr];
        int tilesPerBlock = Math.Max(1, MC / mr);
        bool directB = ReadsBInPlace(g.TransB, m);

        for (int jg = jp0; jg < jp1; jg += panelsPerGroup)
        {
            int jgEnd = Math.Min(jp1, jg + panelsPerGroup);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                bool add = g.Accumulate || pc > 0;
                for (int jp = jg; jp < jgEnd; jp++)
                {
                    int j0 = jp * nr;
                    int cols = Math.Min(nr, n - j0);
                    float* panel = packB + (jp - jg) * kc * nr;
                    if (directB && cols == nr)
                    {
                        continue;
                    }

                    if (g.TransB)
                    {
                        TK.PackBTransposed(g.B + (nint)j0 * k + pc, k, kc, cols, panel);
                    }
                    else
                    {
                        TK.PackB(g.B + (nint)pc * n + j0, n, kc, cols, panel);
                    }
                }

                for (int ib = rt0; ib < rt1; ib += tilesPerBlock)
                {
                    int ibEnd = Math.Min(rt1, ib + tilesPerBlock);
                    for (int jp = jg; jp < jgEnd; jp++)
                    {
                        int j0 = jp * nr;
                        int cols = Math.Min(nr, n - j0);
                        bool inPlace = directB && cols == nr;
                        float* panel = inPlace ? g.B + (nint)pc * n + j0 : packB + (jp - jg) * kc * nr;
                        nint ldb = inPlace ? n : nr;
                        // A last panel at most half full takes the half-width kernels: N = 10 on
                        // AVX-512, or the 2 columns past 48 of N = 50 on AVX2, cost half the FMAs.
                        bool narrow = cols <= nr / 2;
                        for (int it = ib; it < ibEnd; it++)
                        {
                            int i0 = it * mr;
                            int rowCount = Math.Min(mr, m - i0);
                            bool full = rowCount == mr && cols == nr;
                            float* cTile = g.C + (nint)i0 * n + j0;
                            float* dst = full ? cTile : tile;
                            nint ldc = full ? n : nr;
                            bool kernelAdd = full && add;
                            if (!g.TransA)
                            {
                                // Rows past M repeat the last valid row; their results land in the temporary tile and are dropped.
                                for (int r = 0; r < mr; r++)
                                {
                                    rows[r] = g.A + (nint)(i0 + Math.Min(r, rowCount - 1)) * k + pc;
                                }

                                if (narrow)
                                {
                                    TK.RowsANarrow(kc, rows, panel, ldb, dst, ldc, kernelAdd);
                                }
                                else
                                {
                                    TK.RowsA(kc, rows, panel, ldb, dst, ldc, kernelAdd);
                                }

                                if (jp == 0)
                                {
                                    // The first panel's thread copies this block of A while it is in cache.
                                    g.CopyRows(i0, rowCount, pc, kc);
                                }
                            }
                            else
                            {
                                float* a = g.A + (nint)pc * m + i0;
                                nint ak = m;
                                if (rowCount < mr)
                                {
                                    GemmPacking.PackStridedEdge(a, m, kc, rowCount, mr, packA);
                                    a = packA;
                                    ak = mr;
                                }

                                if (narrow)
                                {
                                    TK.StridedANarrow(kc, a, ak, panel, ldb, dst, ldc, kernelAdd);
                                }
                                else
                                {
                                    TK.StridedA(kc, a, ak, panel, ldb, dst, ldc, kernelAdd);
                                }
                            }

                            if (!full)
                            {
                                GemmPacking.MergeTile(tile, nr, cTile, n, rowCount, cols, add);
                            }
                        }
                    }
                }
            }
        }
    }
}
