using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Kernels;

/// <summary>Which products <see cref="GemmStrips{TK, TV, TL}"/> computes, and on which kernel.</summary>
internal static unsafe class GemmStrips
{
    /// <summary>Columns past the last whole strip that the tail computes; beyond this the packed driver's panels do better.</summary>
    public const int MaxTail = 4;

    /// <summary>
    /// Rows of B per k-block: 1,024 rows of a 48-column strip (192 KB; two strips for N = 100)
    /// stay in L2 while a thread's row tiles pass. The dense layers of DeepConvNet (k = 1,024) and
    /// TwoLayerNet (784) are one block; SimpleConvNet's (4,320) is five.
    /// </summary>
    public const int KC = 1024;

    /// <summary>Dense-layer widths; wider products use each packed panel often enough to pay for packing it.</summary>
    public const int MaxN = 256;

    /// <summary>
    /// A·B or Aᵀ·B with N a few columns past a multiple of the path's strip (48 on AVX-512, 16 on
    /// AVX2). On AVX2 only with a tail: whole 16-column strips the packed driver does as well.
    /// </summary>
    public static bool Handles(GemmPath path, in GemmProblem g)
    {
        if (g.TransB || g.N > MaxN)
        {
            return false;
        }

        return path switch
        {
            GemmPath.Avx512 => g.N >= GemmKernel512Wide.NR && g.N % GemmKernel512Wide.NR <= MaxTail,
            GemmPath.Avx2 => g.N >= GemmKernel256.NR && g.N % GemmKernel256.NR is > 0 and <= MaxTail,
            _ => false,
        };
    }

    /// <summary>
    /// A·B products with at least this long a k are summed in two halves of k, each from zero,
    /// and then added: C = A[:, :k0]·B[:k0, :] + A[:, k0:]·B[k0:, :], on any number of threads.
    /// </summary>
    /// <remarks>
    /// Why: two threads can then each take one half of k, with all the rows. Each reads half of
    /// the weights B, half of each input row, and in the backward pass writes (Aᵀ·B, one
    /// contiguous half per thread) and updates (<c>SlicedUpdate</c>) the same half of the
    /// weights, which therefore stay in its core's cache from step to step. Split by rows
    /// instead, both threads read all of B, half of which the other core had just updated:
    /// TwoLayerNet's weights (157 KB) crossed between the cores on every step. The halves are
    /// fixed by k alone, so results never depend on the thread count (or on M: a single image
    /// is summed as it is in a batch). The sum differs from one running sum over k in the last
    /// bits, as any blocking of k does.
    /// </remarks>
    public const int SplitKMin = 512;

    /// <summary>Whether <paramref name="g"/> is summed in two halves of k (see <see cref="SplitKMin"/>).</summary>
    public static bool SplitsK(in GemmProblem g) => !g.TransA && g.K >= SplitKMin;

    /// <summary>Where the second half of k starts: half of k, rounded down to a multiple of 16 (a cache line of floats).</summary>
    public static int SplitPoint(int k) => k / 2 / 16 * 16;

    /// <summary>The product over k in [p0, p0 + kc) of A·B, written to <paramref name="c"/> (added to it if <paramref name="accumulate"/>).</summary>
    public static GemmProblem KPart(in GemmProblem g, int p0, int kc, float* c, bool accumulate) => new()
    {
        A = g.A + p0,
        LdA = (int)g.RowStrideA,
        B = g.B + (nint)p0 * g.N,
        C = c,
        M = g.M,
        K = kc,
        N = g.N,
        Accumulate = accumulate,
        CopyOfA = g.CopyOfA == null ? null : g.CopyOfA + p0,
    };

    /// <summary>Rows of C per tile on the path's strip kernel.</summary>
    public static int RowTiles(GemmPath path, int m)
    {
        int mr = path == GemmPath.Avx512 ? GemmKernel512Wide.MR : GemmKernel256.MR;
        return (m + mr - 1) / mr;
    }

    /// <summary>Columns of one strip on the path.</summary>
    private static int StripWidth(GemmPath path) => path == GemmPath.Avx512 ? GemmKernel512Wide.NR : GemmKernel256.NR;

    /// <summary>Floats of scratch <see cref="PackTail"/> needs.</summary>
    public static int TailFloats(GemmPath path, in GemmProblem g) => g.TransA ? 0 : g.N % StripWidth(path) * g.K;

    /// <summary>Copies the tail columns of B into rows of <paramref name="tail"/> (one row of k per column), for A·B.</summary>
    public static void PackTail(GemmPath path, in GemmProblem g, float* tail)
    {
        if (g.TransA)
        {
            return;
        }

        // Column by column: one constant-stride stream at a time, which the prefetcher follows
        // (row by row, all columns at once, measured 2.3 -> 2.6 µs for TwoLayerNet's one-image
        // product and 28.5 -> 38 µs for SimpleConvNet's one-image forward pass).
        for (int t = g.N - g.N % StripWidth(path); t < g.N; t++)
        {
            float* column = g.B + t;
            for (int p = 0; p < g.K; p++)
            {
                tail[p] = column[(nint)p * g.N];
            }

            tail += g.K;
        }
    }

    public static void Compute(GemmPath path, in GemmProblem g, float* tail, int rt0, int rt1)
    {
        if (path == GemmPath.Avx512)
        {
            GemmStrips<GemmKernel512Wide, Vector512<float>, Lanes512>.Compute(g, tail, rt0, rt1);
        }
        else
        {
            GemmStrips<GemmKernel256, Vector256<float>, Lanes256>.Compute(g, tail, rt0, rt1);
        }
    }
}

/// <summary>
/// Products whose N is a few columns past a multiple of a kernel's tile width: the book's hidden
/// layers (N = 50 and 100) in A·B (forward) and Aᵀ·B (weight gradient). The tiles cover whole
/// strips of NR columns; the few columns left, which the packed driver computes as a whole (or
/// half) panel of their own, cost a sliver here. <see cref="GemmStrips.Handles"/> says which products come here.
/// </summary>
/// <remarks>
/// B is read in place (no packing), in k-blocks of <see cref="GemmStrips.KC"/> rows; each tile
/// is summed over k in order p = 0, 1, ..., block by block. The tail columns of A·B are dot products of A's rows
/// with those columns (copied out of B once per call), each summed in vector lanes and then
/// across them: a fixed order, different from the tiles'. The tail of Aᵀ·B runs down a vector
/// of rows at a time, summing even and odd p apart. Threads split the row tiles only, so results
/// never depend on the thread count.
/// </remarks>
internal static unsafe class GemmStrips<TK, TV, TL>
    where TK : struct, IStripKernel
    where TV : unmanaged
    where TL : struct, ITailLanes<TV>
{
    /// <summary>Computes rows [rt0·MR, rt1·MR) of C; <paramref name="tail"/> is what <see cref="GemmStrips.PackTail"/> wrote (A·B only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(in GemmProblem g, float* tail, int rt0, int rt1)
    {
        int mr = TK.MR, nr = TK.NR;
        int m = g.M, k = g.K, n = g.N;
        int strips = n / nr;
        int tailColumns = n - strips * nr;
        nint lda = g.RowStrideA;
        float* staged = stackalloc float[mr * nr];
        float** rows = stackalloc float*[mr];
        // Equal k-blocks of at most KC rows; they depend on k only, never on the threads.
        int kBlocks = (k + GemmStrips.KC - 1) / GemmStrips.KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        for (int pc = 0; pc < k; pc += kcMax)
        {
            int kc = Math.Min(kcMax, k - pc);
            bool accumulate = g.Accumulate || pc > 0;
            for (int it = rt0; it < rt1; it++)
            {
                int i0 = it * mr;
                int rowCount = Math.Min(mr, m - i0);
                bool full = rowCount == mr;
                if (!g.TransA && rowCount <= SingleRowsMax)
                {
                    for (int r = 0; r < rowCount; r++)
                    {
                        SingleRow(kc, g.A + (i0 + r) * lda + pc, g.B + (nint)pc * n, n, g.C + (nint)(i0 + r) * n, strips * nr, accumulate);
                    }

                    g.CopyRows(i0, rowCount, pc, kc);
                    continue;
                }

                for (int s = 0; s < strips; s++)
                {
                    float* b = g.B + (nint)pc * n + s * nr;
                    float* c = g.C + (nint)i0 * n + s * nr;
                    float* dst = full ? c : staged;
                    nint ldc = full ? n : nr;
                    bool add = full && accumulate;
                    if (g.TransA)
                    {
                        float* a = g.A + (nint)pc * m + i0;
                        if (full)
                        {
                            TK.StridedA(kc, a, m, b, n, dst, ldc, add);
                        }
                        else
                        {
                            StridedARagged(kc, a, m, rowCount, b, n, dst);
                        }
                    }
                    else
                    {
                        for (int r = 0; r < mr; r++)
                        {
                            // Rows past M repeat the last valid row; their results stay in the staging tile.
                            rows[r] = g.A + (i0 + Math.Min(r, rowCount - 1)) * lda + pc;
                        }

                        TK.RowsA(kc, rows, b, n, dst, ldc, add);
                        if (s == 0)
                        {
                            g.CopyRows(i0, rowCount, pc, kc);
                        }
                    }

                    if (!full)
                    {
                        GemmPacking.MergeTile(staged, nr, c, n, rowCount, nr, accumulate);
                    }
                }
            }
        }

        if (tailColumns == 0)
        {
            return;
        }

        if (g.TransA)
        {
            TailDown(g, rt0 * mr, Math.Min(m, rt1 * mr), strips * nr);
            return;
        }

        for (int it = rt0; it < rt1; it++)
        {
            TailDots(g, tail, it * mr, Math.Min(mr, m - it * mr), strips * nr);
        }
    }

    /// <summary>
    /// Row tiles of A·B with at most this many rows are computed a row at a time
    /// (<see cref="SingleRow"/>) instead of as a whole tile with its missing rows repeated.
    /// </summary>
    private const int SingleRowsMax = 2;

    /// <summary>
    /// One row of C's strip columns: C(0, j) (+)= Σ_p a[p]·B(p, j) for j in [0, columns), up to
    /// eight vectors of columns per pass over k (each sum is a chain of dependent FMAs, so the
    /// more sums side by side, the closer to two FMAs a cycle). The same running sums, in the same order, as
    /// the tile kernels (one FMA per p from zero, C added when stored), so a single image gets
    /// the bits it gets in a batch. A tile kernel given one row computed its 8 (AVX-512) or 6
    /// (AVX2) rows anyway: TwoLayerNet's one-image forward product took ~3.8 µs that way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleRow(int kc, float* a, float* b, nint ldb, float* c, int columns, bool add)
    {
        int lanes = TL.Count;
        for (int j = 0; j < columns; j += 8 * lanes)
        {
            // A constant count per call, so the JIT drops the unused sums from the loop.
            switch (Math.Min(8, (columns - j) / lanes))
            {
                case 1: RowPass(1, kc, a, b + j, ldb, c + j, add); break;
                case 2: RowPass(2, kc, a, b + j, ldb, c + j, add); break;
                case 3: RowPass(3, kc, a, b + j, ldb, c + j, add); break;
                case 4: RowPass(4, kc, a, b + j, ldb, c + j, add); break;
                case 5: RowPass(5, kc, a, b + j, ldb, c + j, add); break;
                case 6: RowPass(6, kc, a, b + j, ldb, c + j, add); break;
                case 7: RowPass(7, kc, a, b + j, ldb, c + j, add); break;
                default: RowPass(8, kc, a, b + j, ldb, c + j, add); break;
            }
        }
    }

    /// <summary>One pass of <see cref="SingleRow"/> over k for <paramref name="vectors"/> vectors of columns (a constant where it is inlined).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowPass(int vectors, int kc, float* a, float* b, nint ldb, float* c, bool add)
    {
        int lanes = TL.Count;
        TV c0 = default, c1 = default, c2 = default, c3 = default;
        TV c4 = default, c5 = default, c6 = default, c7 = default;
        float* bp = b;
        for (int p = 0; p < kc; p++, bp += ldb)
        {
            TV s = TL.Broadcast(a[p]);
            c0 = TL.MultiplyAdd(s, TL.LoadFirst(bp, lanes), c0);
            if (vectors > 1) c1 = TL.MultiplyAdd(s, TL.LoadFirst(bp + lanes, lanes), c1);
            if (vectors > 2) c2 = TL.MultiplyAdd(s, TL.LoadFirst(bp + 2 * lanes, lanes), c2);
            if (vectors > 3) c3 = TL.MultiplyAdd(s, TL.LoadFirst(bp + 3 * lanes, lanes), c3);
            if (vectors > 4) c4 = TL.MultiplyAdd(s, TL.LoadFirst(bp + 4 * lanes, lanes), c4);
            if (vectors > 5) c5 = TL.MultiplyAdd(s, TL.LoadFirst(bp + 5 * lanes, lanes), c5);
            if (vectors > 6) c6 = TL.MultiplyAdd(s, TL.LoadFirst(bp + 6 * lanes, lanes), c6);
            if (vectors > 7) c7 = TL.MultiplyAdd(s, TL.LoadFirst(bp + 7 * lanes, lanes), c7);
        }

        PutRow(c, c0, add);
        if (vectors > 1) PutRow(c + lanes, c1, add);
        if (vectors > 2) PutRow(c + 2 * lanes, c2, add);
        if (vectors > 3) PutRow(c + 3 * lanes, c3, add);
        if (vectors > 4) PutRow(c + 4 * lanes, c4, add);
        if (vectors > 5) PutRow(c + 5 * lanes, c5, add);
        if (vectors > 6) PutRow(c + 6 * lanes, c6, add);
        if (vectors > 7) PutRow(c + 7 * lanes, c7, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutRow(float* c, TV sum, bool add) => TL.Store(c, add ? TL.Add(sum, TL.LoadFirst(c, TL.Count)) : sum);

    /// <summary>The last, ragged row tile of Aᵀ·B: its rows are copied into an MR-wide block (zeros past M) first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StridedARagged(int k, float* a, nint m, int rowCount, float* b, nint ldb, float* c)
    {
        float* block = stackalloc float[TK.MR * k];
        GemmPacking.PackStridedEdge(a, m, k, rowCount, TK.MR, block);
        TK.StridedA(k, block, TK.MR, b, ldb, c, TK.NR, add: false);
    }

    /// <summary>
    /// C(i, j0 + t) (+)= A row i · B column j0 + t for the tile's rows: four rows by two columns
    /// at a time, so eight independent sums keep both FMA ports busy (one dot product at a time
    /// waited on each FMA's latency, and cost a fifth of the whole product for N = 50).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TailDots(in GemmProblem g, float* tail, int i0, int rowCount, int j0)
    {
        int k = g.K, n = g.N, columns = n - j0, lanes = TL.Count;
        int whole = k - k % lanes;
        nint lda = g.RowStrideA;
        float* sums = stackalloc float[8];
        for (int r = 0; r < rowCount; r += 4)
        {
            // Rows past the tile's last repeat it, columns past the last repeat it; neither is stored.
            float* a0 = g.A + (i0 + r) * lda;
            float* a1 = g.A + (i0 + Math.Min(r + 1, rowCount - 1)) * lda;
            float* a2 = g.A + (i0 + Math.Min(r + 2, rowCount - 1)) * lda;
            float* a3 = g.A + (i0 + Math.Min(r + 3, rowCount - 1)) * lda;
            for (int t = 0; t < columns; t += 2)
            {
                float* b0 = tail + (nint)t * k;
                float* b1 = tail + (nint)Math.Min(t + 1, columns - 1) * k;
                TV s00 = default, s01 = default, s10 = default, s11 = default;
                TV s20 = default, s21 = default, s30 = default, s31 = default;
                // Whole vectors with plain loads, then the ragged end once: a LoadFirst of a
                // count that changes every step compiled to a branch around each load, and the
                // loop ran 4.5x slower (15.2 -> 3.4 µs for N = 50's two tail columns, Zen 3).
                nint p = 0;
                for (; p < whole; p += lanes)
                {
                    DotStep(a0 + p, a1 + p, a2 + p, a3 + p, b0 + p, b1 + p, lanes,
                        ref s00, ref s01, ref s10, ref s11, ref s20, ref s21, ref s30, ref s31);
                }

                if (p < k)
                {
                    DotStep(a0 + p, a1 + p, a2 + p, a3 + p, b0 + p, b1 + p, (int)(k - p),
                        ref s00, ref s01, ref s10, ref s11, ref s20, ref s21, ref s30, ref s31);
                }

                sums[0] = TL.Sum(s00); sums[1] = TL.Sum(s01);
                sums[2] = TL.Sum(s10); sums[3] = TL.Sum(s11);
                sums[4] = TL.Sum(s20); sums[5] = TL.Sum(s21);
                sums[6] = TL.Sum(s30); sums[7] = TL.Sum(s31);
                for (int dr = 0; dr < 4 && r + dr < rowCount; dr++)
                {
                    for (int dt = 0; dt < 2 && t + dt < columns; dt++)
                    {
                        float* c = g.C + (nint)(i0 + r + dr) * n + j0 + t + dt;
                        float dot = sums[2 * dr + dt];
                        *c = g.Accumulate ? *c + dot : dot;
                    }
                }
            }
        }
    }

    /// <summary>
    /// One step of <see cref="TailDots"/>: <paramref name="count"/> values of k (all lanes when it is
    /// at least a vector; a constant where it is inlined in the whole-vector loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotStep(
        float* a0, float* a1, float* a2, float* a3, float* b0, float* b1, int count,
        ref TV s00, ref TV s01, ref TV s10, ref TV s11, ref TV s20, ref TV s21, ref TV s30, ref TV s31)
    {
        TV x0 = TL.LoadFirst(b0, count);
        TV x1 = TL.LoadFirst(b1, count);
        TV y = TL.LoadFirst(a0, count);
        s00 = TL.MultiplyAdd(y, x0, s00);
        s01 = TL.MultiplyAdd(y, x1, s01);
        y = TL.LoadFirst(a1, count);
        s10 = TL.MultiplyAdd(y, x0, s10);
        s11 = TL.MultiplyAdd(y, x1, s11);
        y = TL.LoadFirst(a2, count);
        s20 = TL.MultiplyAdd(y, x0, s20);
        s21 = TL.MultiplyAdd(y, x1, s21);
        y = TL.LoadFirst(a3, count);
        s30 = TL.MultiplyAdd(y, x0, s30);
        s31 = TL.MultiplyAdd(y, x1, s31);
    }

    /// <summary>
    /// C(i, j0 + t) (+)= Σ_p A(p, i)·B(p, j0 + t) for rows [i0, i1): a vector of rows at a time,
    /// two columns at a time, each with one sum over even p and one over odd p (added at the
    /// end), so four FMA chains run side by side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TailDown(in GemmProblem g, int i0, int i1, int j0)
    {
        int lanes = TL.Count;
        float* sums = stackalloc float[2 * lanes];
        int i = i0;
        for (; i + 2 * lanes <= i1; i += 2 * lanes)
        {
            // Two vectors of rows side by side: eight FMA chains instead of four (four waited on
            // the FMA latency: the two tail columns of TwoLayerNet's weight gradient took 15% of it).
            TailDownRows(g, i, lanes, 2, j0, sums);
        }

        for (; i + lanes <= i1; i += lanes)
        {
            // A constant count: plain loads (a LoadFirst of a variable count branches around every load).
            TailDownRows(g, i, lanes, 1, j0, sums);
        }

        if (i < i1)
        {
            TailDownRows(g, i, i1 - i, 1, j0, sums);
        }
    }

    /// <summary>
    /// <see cref="TailDown"/> for <paramref name="vectors"/> (1 or 2) vectors of rows from
    /// <paramref name="i"/>, the last holding <paramref name="rows"/> rows (both constants where
    /// it is inlined in the whole-vector loops). Each row is summed in the same order whatever
    /// vectors run beside it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TailDownRows(in GemmProblem g, int i, int rows, int vectors, int j0, float* sums)
    {
        int m = g.M, k = g.K, n = g.N, columns = n - j0, lanes = TL.Count;
        for (int t = 0; t < columns; t += 2)
        {
            int t1 = Math.Min(t + 1, columns - 1);
            TV e0 = default, e1 = default, o0 = default, o1 = default;
            TV f0 = default, f1 = default, q0 = default, q1 = default;
            float* a = g.A + i;
            float* b = g.B + j0;
            int p = 0;
            for (; p + 2 <= k; p += 2)
            {
                TV x = TL.LoadFirst(a, rows);
                TV y = TL.LoadFirst(a + m, rows);
                TV bt = TL.Broadcast(b[t]), bt1 = TL.Broadcast(b[t1]);
                TV bn = TL.Broadcast(b[n + t]), bn1 = TL.Broadcast(b[n + t1]);
                e0 = TL.MultiplyAdd(x, bt, e0);
                e1 = TL.MultiplyAdd(x, bt1, e1);
                o0 = TL.MultiplyAdd(y, bn, o0);
                o1 = TL.MultiplyAdd(y, bn1, o1);
                if (vectors > 1)
                {
                    TV xx = TL.LoadFirst(a + lanes, lanes);
                    TV yy = TL.LoadFirst(a + m + lanes, lanes);
                    f0 = TL.MultiplyAdd(xx, bt, f0);
                    f1 = TL.MultiplyAdd(xx, bt1, f1);
                    q0 = TL.MultiplyAdd(yy, bn, q0);
                    q1 = TL.MultiplyAdd(yy, bn1, q1);
                }

                a += 2 * m;
                b += 2 * n;
            }

            if (p < k)
            {
                TV x = TL.LoadFirst(a, rows);
                TV bt = TL.Broadcast(b[t]), bt1 = TL.Broadcast(b[t1]);
                e0 = TL.MultiplyAdd(x, bt, e0);
                e1 = TL.MultiplyAdd(x, bt1, e1);
                if (vectors > 1)
                {
                    TV xx = TL.LoadFirst(a + lanes, lanes);
                    f0 = TL.MultiplyAdd(xx, bt, f0);
                    f1 = TL.MultiplyAdd(xx, bt1, f1);
                }
            }

            int total = (vectors - 1) * lanes + rows;
            for (int dt = 0; dt < 2 && t + dt < columns; dt++)
            {
                TL.Store(sums, dt == 0 ? TL.Add(e0, o0) : TL.Add(e1, o1));
                if (vectors > 1)
                {
                    TL.Store(sums + lanes, dt == 0 ? TL.Add(f0, q0) : TL.Add(f1, q1));
                }

                float* c = g.C + (nint)i * n + j0 + t + dt;
                for (int r = 0; r < total; r++)
                {
                    c[(nint)r * n] = g.Accumulate ? c[(nint)r * n] + sums[r] : sums[r];
                }
            }
        }
    }
}
