using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// AVX-512 micro-kernel: 8 rows x 32 columns (two zmm per row), 16 accumulators plus two B
/// vectors and a broadcast, well inside the 32 zmm registers. Per k step: 2 loads + 8
/// broadcasts feed 16 FMAs, so the two FMA ports stay busy. MR = 8 divides the filter counts
/// (16, 32, 64) and the im2col row counts the networks use.
/// </summary>
internal readonly unsafe struct GemmKernel512 : IGemmKernel
{
    public static int MR => 8;

    public static int NR => 32;

    /// <summary>A row r starts at rows[r] (element p at rows[r][p]); see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsA(int kc, float** rows, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        float* a0 = rows[0];
        float* a1 = rows[1];
        float* a2 = rows[2];
        float* a3 = rows[3];
        float* a4 = rows[4];
        float* a5 = rows[5];
        float* a6 = rows[6];
        float* a7 = rows[7];
        Vector512<float> c00 = default; Vector512<float> c01 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default;
        Vector512<float> c40 = default; Vector512<float> c41 = default;
        Vector512<float> c50 = default; Vector512<float> c51 = default;
        Vector512<float> c60 = default; Vector512<float> c61 = default;
        Vector512<float> c70 = default; Vector512<float> c71 = default;
        Vector512<float> a;
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            a = Vector512.Create(a0[p]);
            c00 = Avx512F.FusedMultiplyAdd(a, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a, b1, c01);
            a = Vector512.Create(a1[p]);
            c10 = Avx512F.FusedMultiplyAdd(a, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a, b1, c11);
            a = Vector512.Create(a2[p]);
            c20 = Avx512F.FusedMultiplyAdd(a, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a, b1, c21);
            a = Vector512.Create(a3[p]);
            c30 = Avx512F.FusedMultiplyAdd(a, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a, b1, c31);
            a = Vector512.Create(a4[p]);
            c40 = Avx512F.FusedMultiplyAdd(a, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a, b1, c41);
            a = Vector512.Create(a5[p]);
            c50 = Avx512F.FusedMultiplyAdd(a, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a, b1, c51);
            a = Vector512.Create(a6[p]);
            c60 = Avx512F.FusedMultiplyAdd(a, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a, b1, c61);
            a = Vector512.Create(a7[p]);
            c70 = Avx512F.FusedMultiplyAdd(a, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a, b1, c71);
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 16, c01, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 1 * ldc + 16, c11, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 2 * ldc + 16, c21, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 3 * ldc + 16, c31, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 4 * ldc + 16, c41, add);
        Put(c + 5 * ldc, c50, add);
        Put(c + 5 * ldc + 16, c51, add);
        Put(c + 6 * ldc, c60, add);
        Put(c + 6 * ldc + 16, c61, add);
        Put(c + 7 * ldc, c70, add);
        Put(c + 7 * ldc + 16, c71, add);
    }

    /// <summary>A element (r, p) at a[p * ak + r]; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StridedA(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        Vector512<float> c00 = default; Vector512<float> c01 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default;
        Vector512<float> c40 = default; Vector512<float> c41 = default;
        Vector512<float> c50 = default; Vector512<float> c51 = default;
        Vector512<float> c60 = default; Vector512<float> c61 = default;
        Vector512<float> c70 = default; Vector512<float> c71 = default;
        Vector512<float> s;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            s = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(s, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(s, b1, c01);
            s = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(s, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(s, b1, c11);
            s = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(s, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(s, b1, c21);
            s = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(s, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(s, b1, c31);
            s = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(s, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(s, b1, c41);
            s = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(s, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(s, b1, c51);
            s = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(s, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(s, b1, c61);
            s = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(s, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(s, b1, c71);
            a += ak;
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 16, c01, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 1 * ldc + 16, c11, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 2 * ldc + 16, c21, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 3 * ldc + 16, c31, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 4 * ldc + 16, c41, add);
        Put(c + 5 * ldc, c50, add);
        Put(c + 5 * ldc + 16, c51, add);
        Put(c + 6 * ldc, c60, add);
        Put(c + 6 * ldc + 16, c61, add);
        Put(c + 7 * ldc, c70, add);
        Put(c + 7 * ldc + 16, c71, add);
    }

    /// <summary>A packed (ak = MR); B row p at bBase + offsets[p]; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OffsetB(int kc, float* a, int* offsets, float* bBase, float* c, nint ldc, bool add)
    {
        Vector512<float> c00 = default; Vector512<float> c01 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default;
        Vector512<float> c40 = default; Vector512<float> c41 = default;
        Vector512<float> c50 = default; Vector512<float> c51 = default;
        Vector512<float> c60 = default; Vector512<float> c61 = default;
        Vector512<float> c70 = default; Vector512<float> c71 = default;
        Vector512<float> s;
        for (int p = 0; p < kc; p++)
        {
            float* b = bBase + offsets[p];
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            s = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(s, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(s, b1, c01);
            s = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(s, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(s, b1, c11);
            s = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(s, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(s, b1, c21);
            s = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(s, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(s, b1, c31);
            s = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(s, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(s, b1, c41);
            s = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(s, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(s, b1, c51);
            s = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(s, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(s, b1, c61);
            s = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(s, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(s, b1, c71);
            a += 8;
        }

        Put(c, c00, add);
        Put(c + 16, c01, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 1 * ldc + 16, c11, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 2 * ldc + 16, c21, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 3 * ldc + 16, c31, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 4 * ldc + 16, c41, add);
        Put(c + 5 * ldc, c50, add);
        Put(c + 5 * ldc + 16, c51, add);
        Put(c + 6 * ldc, c60, add);
        Put(c + 6 * ldc + 16, c61, add);
        Put(c + 7 * ldc, c70, add);
        Put(c + 7 * ldc + 16, c71, add);
    }

    /// <summary>A row r starts at rows[r] (element p at rows[r][p]); half-width (NR / 2) panel; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsANarrow(int kc, float** rows, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        float* a0 = rows[0];
        float* a1 = rows[1];
        float* a2 = rows[2];
        float* a3 = rows[3];
        float* a4 = rows[4];
        float* a5 = rows[5];
        float* a6 = rows[6];
        float* a7 = rows[7];
        Vector512<float> c00 = default;
        Vector512<float> c10 = default;
        Vector512<float> c20 = default;
        Vector512<float> c30 = default;
        Vector512<float> c40 = default;
        Vector512<float> c50 = default;
        Vector512<float> c60 = default;
        Vector512<float> c70 = default;
        Vector512<float> a;
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            a = Vector512.Create(a0[p]);
            c00 = Avx512F.FusedMultiplyAdd(a, b0, c00);
            a = Vector512.Create(a1[p]);
            c10 = Avx512F.FusedMultiplyAdd(a, b0, c10);
            a = Vector512.Create(a2[p]);
            c20 = Avx512F.FusedMultiplyAdd(a, b0, c20);
            a = Vector512.Create(a3[p]);
            c30 = Avx512F.FusedMultiplyAdd(a, b0, c30);
            a = Vector512.Create(a4[p]);
            c40 = Avx512F.FusedMultiplyAdd(a, b0, c40);
            a = Vector512.Create(a5[p]);
            c50 = Avx512F.FusedMultiplyAdd(a, b0, c50);
            a = Vector512.Create(a6[p]);
            c60 = Avx512F.FusedMultiplyAdd(a, b0, c60);
            a = Vector512.Create(a7[p]);
            c70 = Avx512F.FusedMultiplyAdd(a, b0, c70);
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 5 * ldc, c50, add);
        Put(c + 6 * ldc, c60, add);
        Put(c + 7 * ldc, c70, add);
    }

    /// <summary>A element (r, p) at a[p * ak + r]; half-width (NR / 2) B; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StridedANarrow(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        Vector512<float> c00 = default;
        Vector512<float> c10 = default;
        Vector512<float> c20 = default;
        Vector512<float> c30 = default;
        Vector512<float> c40 = default;
        Vector512<float> c50 = default;
        Vector512<float> c60 = default;
        Vector512<float> c70 = default;
        Vector512<float> s;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            s = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(s, b0, c00);
            s = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(s, b0, c10);
            s = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(s, b0, c20);
            s = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(s, b0, c30);
            s = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(s, b0, c40);
            s = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(s, b0, c50);
            s = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(s, b0, c60);
            s = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(s, b0, c70);
            a += ak;
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 5 * ldc, c50, add);
        Put(c + 6 * ldc, c60, add);
        Put(c + 7 * ldc, c70, add);
    }

    /// <summary>A packed (ak = MR); B row p at bBase + offsets[p]; half-width (NR / 2) panel; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OffsetBNarrow(int kc, float* a, int* offsets, float* bBase, float* c, nint ldc, bool add)
    {
        Vector512<float> c00 = default;
        Vector512<float> c10 = default;
        Vector512<float> c20 = default;
        Vector512<float> c30 = default;
        Vector512<float> c40 = default;
        Vector512<float> c50 = default;
        Vector512<float> c60 = default;
        Vector512<float> c70 = default;
        Vector512<float> s;
        for (int p = 0; p < kc; p++)
        {
            float* b = bBase + offsets[p];
            Vector512<float> b0 = Vector512.Load(b);
            s = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(s, b0, c00);
            s = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(s, b0, c10);
            s = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(s, b0, c20);
            s = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(s, b0, c30);
            s = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(s, b0, c40);
            s = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(s, b0, c50);
            s = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(s, b0, c60);
            s = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(s, b0, c70);
            a += 8;
        }

        Put(c, c00, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 5 * ldc, c50, add);
        Put(c + 6 * ldc, c60, add);
        Put(c + 7 * ldc, c70, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector512<float> v, bool add)
    {
        if (add)
        {
            v += Vector512.Load(c);
        }

        v.Store(c);
    }

    /// <inheritdoc cref="IGemmKernel.PackB"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, nint ldb, int kc, int cols, float* panel)
    {
        if (cols == 32)
        {
            for (int p = 0; p < kc; p++)
            {
                Vector512.Load(b).Store(panel);
                Vector512.Load(b + 16).Store(panel + 16);
                b += ldb;
                panel += 32;
            }

            return;
        }

        // Edge panel: masked loads read only the valid columns and fill the rest with zeros.
        Vector512<float> m0 = SimdMasks.FirstLanes512(Math.Min(cols, 16));
        Vector512<float> m1 = SimdMasks.FirstLanes512(Math.Max(cols - 16, 0));
        for (int p = 0; p < kc; p++)
        {
            Avx512F.MaskLoad(b, m0, Vector512<float>.Zero).Store(panel);
            Avx512F.MaskLoad(b + 16, m1, Vector512<float>.Zero).Store(panel + 16);
            b += ldb;
            panel += 32;
        }
    }

    /// <inheritdoc cref="IGemmKernel.PackBTransposed"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBTransposed(float* b, nint ldb, int kc, int cols, float* panel) =>
        BlockTranspose.Pack(avx512: true, b, ldb, cols, kc, panel, NR);
}
