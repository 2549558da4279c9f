using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// AVX-512 products whose N is a multiple of 48 plus at most <see cref="MaxTail"/> columns: the
/// book's hidden layers (N = 50 and 100) in A·B (forward) and Aᵀ·B (weight gradient). The
/// 8 x 32 tiles of <see cref="GemmKernel512"/> compute N = 50 as 64 columns (a full panel for
/// the 18 past 32); here 8 x 48 tiles (24 accumulators, three B loads and eight broadcasts
/// feeding 24 FMAs per step) cover 48 of them and the few columns left cost a sliver.
/// </summary>
/// <remarks>
/// B is read in place (no packing) and k is not blocked, so each tile is summed over all of k
/// in order p = 0, 1, ... and stored once. The tail columns of A·B are dot products of A's rows
/// with those columns (copied out of B once per call), each summed in 16 lanes and then across
/// them: a fixed order, different from the tiles'. The tail of Aᵀ·B runs down 16 rows at a time,
/// summing even and odd p apart. Threads split the row tiles only, so results never depend on the
/// thread count.
/// </remarks>
internal static unsafe class GemmWide512
{
    public const int MR = 8;

    public const int NR = 48;

    /// <summary>Columns past the last 48 that the tail computes; beyond this the 8 x 32 tiles do better.</summary>
    public const int MaxTail = 4;

    /// <summary>k up to which a 48-column strip of B (and A's rows) stays in L2 without k-blocking.</summary>
    public const int MaxK = 2048;

    /// <summary>Whether the product takes this path on <paramref name="path"/>.</summary>
    public static bool Handles(GemmPath path, in GemmProblem g) =>
        path == GemmPath.Avx512 && !g.TransB && g.N >= NR && g.N % NR <= MaxTail && g.K <= MaxK;

    public static int RowTiles(int m) => (m + MR - 1) / MR;

    /// <summary>Floats of scratch <see cref="PackTail"/> needs.</summary>
    public static int TailFloats(in GemmProblem g) => g.TransA ? 0 : g.N % NR * g.K;

    /// <summary>Copies the tail columns of B into rows of <paramref name="tail"/> (one row of k per column), for A·B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackTail(in GemmProblem g, float* tail)
    {
        int first = g.N - g.N % NR;
        for (int t = first; t < g.N; t++)
        {
            float* column = g.B + t;
            for (int p = 0; p < g.K; p++)
            {
                tail[p] = column[(nint)p * g.N];
            }

            tail += g.K;
        }
    }

    /// <summary>Computes rows [rt0·MR, rt1·MR) of C; <paramref name="tail"/> is what <see cref="PackTail"/> wrote (A·B only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(in GemmProblem g, float* tail, int rt0, int rt1)
    {
        int m = g.M, k = g.K, n = g.N;
        int strips = n / NR;
        int tailColumns = n - strips * NR;
        float* staged = stackalloc float[MR * NR];
        float** rows = stackalloc float*[MR];
        for (int it = rt0; it < rt1; it++)
        {
            int i0 = it * MR;
            int rowCount = Math.Min(MR, m - i0);
            for (int s = 0; s < strips; s++)
            {
                float* b = g.B + s * NR;
                float* c = g.C + (nint)i0 * n + s * NR;
                bool full = rowCount == MR;
                float* dst = full ? c : staged;
                nint ldc = full ? n : NR;
                bool add = full && g.Accumulate;
                if (g.TransA)
                {
                    if (full)
                    {
                        StridedA(k, g.A + i0, m, b, n, dst, ldc, add);
                    }
                    else
                    {
                        StridedARagged(k, g.A + i0, m, rowCount, b, n, dst);
                    }
                }
                else
                {
                    for (int r = 0; r < MR; r++)
                    {
                        // Rows past M repeat the last valid row; their results stay in the staging tile.
                        rows[r] = g.A + (nint)(i0 + Math.Min(r, rowCount - 1)) * k;
                    }

                    RowsA(k, rows, b, n, dst, ldc, add);
                    if (s == 0)
                    {
                        g.CopyRows(i0, rowCount, 0, k);
                    }
                }

                if (!full)
                {
                    GemmPacking.MergeTile(staged, NR, c, n, rowCount, NR, g.Accumulate);
                }
            }

            if (tailColumns > 0 && !g.TransA)
            {
                TailDots(g, tail, i0, rowCount, strips * NR);
            }
        }

        if (tailColumns > 0 && g.TransA)
        {
            TailDown(g, rt0 * MR, Math.Min(m, rt1 * MR), strips * NR);
        }
    }

    /// <summary>The last, ragged row tile of Aᵀ·B: its rows are copied into an 8-wide block (zeros past M) first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StridedARagged(int k, float* a, nint m, int rowCount, float* b, nint ldb, float* c)
    {
        float* block = stackalloc float[MR * k];
        GemmPacking.PackStridedEdge(a, m, k, rowCount, MR, block);
        StridedA(k, block, MR, b, ldb, c, NR, add: false);
    }

    /// <summary>
    /// C(i, j0 + t) (+)= A row i · B column j0 + t for the tile's rows: four rows by two columns
    /// at a time, so eight independent sums keep both FMA ports busy (one dot product at a time
    /// waited on each FMA's latency, and cost a fifth of the whole product for N = 50).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TailDots(in GemmProblem g, float* tail, int i0, int rowCount, int j0)
    {
        int k = g.K, n = g.N, columns = n - j0;
        float* sums = stackalloc float[8];
        for (int r = 0; r < rowCount; r += 4)
        {
            // Rows past the tile's last repeat it, columns past the last repeat it; neither is stored.
            float* a0 = g.A + (nint)(i0 + r) * k;
            float* a1 = g.A + (nint)(i0 + Math.Min(r + 1, rowCount - 1)) * k;
            float* a2 = g.A + (nint)(i0 + Math.Min(r + 2, rowCount - 1)) * k;
            float* a3 = g.A + (nint)(i0 + Math.Min(r + 3, rowCount - 1)) * k;
            for (int t = 0; t < columns; t += 2)
            {
                float* b0 = tail + (nint)t * k;
                float* b1 = tail + (nint)Math.Min(t + 1, columns - 1) * k;
                Vector512<float> s00 = default, s01 = default, s10 = default, s11 = default;
                Vector512<float> s20 = default, s21 = default, s30 = default, s31 = default;
                for (int p = 0; p < k; p += 16)
                {
                    Vector512<float> mask = SimdMasks.FirstLanes512(k - p);
                    Vector512<float> x0 = Avx512F.MaskLoad(b0 + p, mask, Vector512<float>.Zero);
                    Vector512<float> x1 = Avx512F.MaskLoad(b1 + p, mask, Vector512<float>.Zero);
                    Vector512<float> y = Avx512F.MaskLoad(a0 + p, mask, Vector512<float>.Zero);
                    s00 = Avx512F.FusedMultiplyAdd(y, x0, s00);
                    s01 = Avx512F.FusedMultiplyAdd(y, x1, s01);
                    y = Avx512F.MaskLoad(a1 + p, mask, Vector512<float>.Zero);
                    s10 = Avx512F.FusedMultiplyAdd(y, x0, s10);
                    s11 = Avx512F.FusedMultiplyAdd(y, x1, s11);
                    y = Avx512F.MaskLoad(a2 + p, mask, Vector512<float>.Zero);
                    s20 = Avx512F.FusedMultiplyAdd(y, x0, s20);
                    s21 = Avx512F.FusedMultiplyAdd(y, x1, s21);
                    y = Avx512F.MaskLoad(a3 + p, mask, Vector512<float>.Zero);
                    s30 = Avx512F.FusedMultiplyAdd(y, x0, s30);
                    s31 = Avx512F.FusedMultiplyAdd(y, x1, s31);
                }

                sums[0] = Vector512.Sum(s00); sums[1] = Vector512.Sum(s01);
                sums[2] = Vector512.Sum(s10); sums[3] = Vector512.Sum(s11);
                sums[4] = Vector512.Sum(s20); sums[5] = Vector512.Sum(s21);
                sums[6] = Vector512.Sum(s30); sums[7] = Vector512.Sum(s31);
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
    /// C(i, j0 + t) (+)= Σ_p A(p, i)·B(p, j0 + t) for rows [i0, i1): sixteen rows a vector, two
    /// columns at a time, each with one sum over even p and one over odd p (added at the end),
    /// so four FMA chains run side by side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TailDown(in GemmProblem g, int i0, int i1, int j0)
    {
        int m = g.M, k = g.K, n = g.N, columns = n - j0;
        float* sums = stackalloc float[16];
        for (int i = i0; i < i1; i += 16)
        {
            int rows = Math.Min(16, i1 - i);
            Vector512<float> mask = SimdMasks.FirstLanes512(rows);
            for (int t = 0; t < columns; t += 2)
            {
                int t1 = Math.Min(t + 1, columns - 1);
                Vector512<float> e0 = default, e1 = default, o0 = default, o1 = default;
                float* a = g.A + i;
                float* b = g.B + j0;
                int p = 0;
                for (; p + 2 <= k; p += 2)
                {
                    Vector512<float> x = Avx512F.MaskLoad(a, mask, Vector512<float>.Zero);
                    Vector512<float> y = Avx512F.MaskLoad(a + m, mask, Vector512<float>.Zero);
                    e0 = Avx512F.FusedMultiplyAdd(x, Vector512.Create(b[t]), e0);
                    e1 = Avx512F.FusedMultiplyAdd(x, Vector512.Create(b[t1]), e1);
                    o0 = Avx512F.FusedMultiplyAdd(y, Vector512.Create(b[n + t]), o0);
                    o1 = Avx512F.FusedMultiplyAdd(y, Vector512.Create(b[n + t1]), o1);
                    a += 2 * m;
                    b += 2 * n;
                }

                if (p < k)
                {
                    Vector512<float> x = Avx512F.MaskLoad(a, mask, Vector512<float>.Zero);
                    e0 = Avx512F.FusedMultiplyAdd(x, Vector512.Create(b[t]), e0);
                    e1 = Avx512F.FusedMultiplyAdd(x, Vector512.Create(b[t1]), e1);
                }

                for (int dt = 0; dt < 2 && t + dt < columns; dt++)
                {
                    (dt == 0 ? e0 + o0 : e1 + o1).Store(sums);
                    float* c = g.C + (nint)i * n + j0 + t + dt;
                    for (int r = 0; r < rows; r++)
                    {
                        c[(nint)r * n] = g.Accumulate ? c[(nint)r * n] + sums[r] : sums[r];
                    }
                }
            }
        }
    }

    /// <summary>An 8 x 48 tile, A's rows read in place: A(r, p) = rows[r][p].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsA(int kc, float** rows, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        float* a0 = rows[0];
        float* a1 = rows[1];
        float* a2 = rows[2];
        float* a3 = rows[3];
        float* a4 = rows[4];
        float* a5 = rows[5];
        float* a6 = rows[6];
        float* a7 = rows[7];
        Vector512<float> c00 = default, c01 = default, c02 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default;
        Vector512<float> c70 = default, c71 = default, c72 = default;
        Vector512<float> s;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> b2 = Vector512.Load(b + 32);
            s = Vector512.Create(a0[p]);
            c00 = Avx512F.FusedMultiplyAdd(s, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(s, b1, c01);
            c02 = Avx512F.FusedMultiplyAdd(s, b2, c02);
            s = Vector512.Create(a1[p]);
            c10 = Avx512F.FusedMultiplyAdd(s, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(s, b1, c11);
            c12 = Avx512F.FusedMultiplyAdd(s, b2, c12);
            s = Vector512.Create(a2[p]);
            c20 = Avx512F.FusedMultiplyAdd(s, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(s, b1, c21);
            c22 = Avx512F.FusedMultiplyAdd(s, b2, c22);
            s = Vector512.Create(a3[p]);
            c30 = Avx512F.FusedMultiplyAdd(s, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(s, b1, c31);
            c32 = Avx512F.FusedMultiplyAdd(s, b2, c32);
            s = Vector512.Create(a4[p]);
            c40 = Avx512F.FusedMultiplyAdd(s, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(s, b1, c41);
            c42 = Avx512F.FusedMultiplyAdd(s, b2, c42);
            s = Vector512.Create(a5[p]);
            c50 = Avx512F.FusedMultiplyAdd(s, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(s, b1, c51);
            c52 = Avx512F.FusedMultiplyAdd(s, b2, c52);
            s = Vector512.Create(a6[p]);
            c60 = Avx512F.FusedMultiplyAdd(s, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(s, b1, c61);
            c62 = Avx512F.FusedMultiplyAdd(s, b2, c62);
            s = Vector512.Create(a7[p]);
            c70 = Avx512F.FusedMultiplyAdd(s, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(s, b1, c71);
            c72 = Avx512F.FusedMultiplyAdd(s, b2, c72);
            b += ldb;
        }

        Put(c, c00, c01, c02, add);
        Put(c + 1 * ldc, c10, c11, c12, add);
        Put(c + 2 * ldc, c20, c21, c22, add);
        Put(c + 3 * ldc, c30, c31, c32, add);
        Put(c + 4 * ldc, c40, c41, c42, add);
        Put(c + 5 * ldc, c50, c51, c52, add);
        Put(c + 6 * ldc, c60, c61, c62, add);
        Put(c + 7 * ldc, c70, c71, c72, add);
    }

    /// <summary>An 8 x 48 tile, A's rows interleaved: A(r, p) = a[p * ak + r] (Aᵀ·B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StridedA(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default;
        Vector512<float> c70 = default, c71 = default, c72 = default;
        Vector512<float> s;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> b2 = Vector512.Load(b + 32);
            s = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(s, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(s, b1, c01);
            c02 = Avx512F.FusedMultiplyAdd(s, b2, c02);
            s = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(s, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(s, b1, c11);
            c12 = Avx512F.FusedMultiplyAdd(s, b2, c12);
            s = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(s, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(s, b1, c21);
            c22 = Avx512F.FusedMultiplyAdd(s, b2, c22);
            s = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(s, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(s, b1, c31);
            c32 = Avx512F.FusedMultiplyAdd(s, b2, c32);
            s = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(s, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(s, b1, c41);
            c42 = Avx512F.FusedMultiplyAdd(s, b2, c42);
            s = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(s, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(s, b1, c51);
            c52 = Avx512F.FusedMultiplyAdd(s, b2, c52);
            s = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(s, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(s, b1, c61);
            c62 = Avx512F.FusedMultiplyAdd(s, b2, c62);
            s = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(s, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(s, b1, c71);
            c72 = Avx512F.FusedMultiplyAdd(s, b2, c72);
            a += ak;
            b += ldb;
        }

        Put(c, c00, c01, c02, add);
        Put(c + 1 * ldc, c10, c11, c12, add);
        Put(c + 2 * ldc, c20, c21, c22, add);
        Put(c + 3 * ldc, c30, c31, c32, add);
        Put(c + 4 * ldc, c40, c41, c42, add);
        Put(c + 5 * ldc, c50, c51, c52, add);
        Put(c + 6 * ldc, c60, c61, c62, add);
        Put(c + 7 * ldc, c70, c71, c72, add);
    }

    private static void Put(float* c, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, bool add)
    {
        if (add)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + 16);
            v2 += Vector512.Load(c + 32);
        }

        v0.Store(c);
        v1.Store(c + 16);
        v2.Store(c + 32);
    }
}
