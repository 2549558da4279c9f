using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// AVX2/FMA micro-kernel: 6 rows x 16 columns (two ymm per row). 12 accumulators + 2 B
/// vectors + 1 broadcast = 15 of the 16 ymm registers, the classic Haswell blocking.
/// </summary>
internal readonly unsafe struct GemmKernel256 : IGemmKernel
{
    public static int MR => 6;

    public static int NR => 16;

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
        Vector256<float> c00 = default; Vector256<float> c01 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default;
        Vector256<float> c40 = default; Vector256<float> c41 = default;
        Vector256<float> c50 = default; Vector256<float> c51 = default;
        Vector256<float> a;
        for (nint p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            a = Vector256.Create(a0[p]);
            c00 = Fma.MultiplyAdd(a, b0, c00);
            c01 = Fma.MultiplyAdd(a, b1, c01);
            a = Vector256.Create(a1[p]);
            c10 = Fma.MultiplyAdd(a, b0, c10);
            c11 = Fma.MultiplyAdd(a, b1, c11);
            a = Vector256.Create(a2[p]);
            c20 = Fma.MultiplyAdd(a, b0, c20);
            c21 = Fma.MultiplyAdd(a, b1, c21);
            a = Vector256.Create(a3[p]);
            c30 = Fma.MultiplyAdd(a, b0, c30);
            c31 = Fma.MultiplyAdd(a, b1, c31);
            a = Vector256.Create(a4[p]);
            c40 = Fma.MultiplyAdd(a, b0, c40);
            c41 = Fma.MultiplyAdd(a, b1, c41);
            a = Vector256.Create(a5[p]);
            c50 = Fma.MultiplyAdd(a, b0, c50);
            c51 = Fma.MultiplyAdd(a, b1, c51);
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 8, c01, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 1 * ldc + 8, c11, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 2 * ldc + 8, c21, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 3 * ldc + 8, c31, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 4 * ldc + 8, c41, add);
        Put(c + 5 * ldc, c50, add);
        Put(c + 5 * ldc + 8, c51, add);
    }

    /// <summary>A element (r, p) at a[p * ak + r]; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StridedA(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        Vector256<float> c00 = default; Vector256<float> c01 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default;
        Vector256<float> c40 = default; Vector256<float> c41 = default;
        Vector256<float> c50 = default; Vector256<float> c51 = default;
        Vector256<float> s;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            s = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(s, b0, c00);
            c01 = Fma.MultiplyAdd(s, b1, c01);
            s = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(s, b0, c10);
            c11 = Fma.MultiplyAdd(s, b1, c11);
            s = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(s, b0, c20);
            c21 = Fma.MultiplyAdd(s, b1, c21);
            s = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(s, b0, c30);
            c31 = Fma.MultiplyAdd(s, b1, c31);
            s = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(s, b0, c40);
            c41 = Fma.MultiplyAdd(s, b1, c41);
            s = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(s, b0, c50);
            c51 = Fma.MultiplyAdd(s, b1, c51);
            a += ak;
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 8, c01, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 1 * ldc + 8, c11, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 2 * ldc + 8, c21, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 3 * ldc + 8, c31, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 4 * ldc + 8, c41, add);
        Put(c + 5 * ldc, c50, add);
        Put(c + 5 * ldc + 8, c51, add);
    }

    /// <summary>A packed (ak = MR); B row p at bBase + offsets[p]; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OffsetB(int kc, float* a, int* offsets, float* bBase, float* c, nint ldc, bool add)
    {
        Vector256<float> c00 = default; Vector256<float> c01 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default;
        Vector256<float> c40 = default; Vector256<float> c41 = default;
        Vector256<float> c50 = default; Vector256<float> c51 = default;
        Vector256<float> s;
        for (int p = 0; p < kc; p++)
        {
            float* b = bBase + offsets[p];
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            s = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(s, b0, c00);
            c01 = Fma.MultiplyAdd(s, b1, c01);
            s = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(s, b0, c10);
            c11 = Fma.MultiplyAdd(s, b1, c11);
            s = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(s, b0, c20);
            c21 = Fma.MultiplyAdd(s, b1, c21);
            s = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(s, b0, c30);
            c31 = Fma.MultiplyAdd(s, b1, c31);
            s = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(s, b0, c40);
            c41 = Fma.MultiplyAdd(s, b1, c41);
            s = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(s, b0, c50);
            c51 = Fma.MultiplyAdd(s, b1, c51);
            a += 6;
        }

        Put(c, c00, add);
        Put(c + 8, c01, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 1 * ldc + 8, c11, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 2 * ldc + 8, c21, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 3 * ldc + 8, c31, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 4 * ldc + 8, c41, add);
        Put(c + 5 * ldc, c50, add);
        Put(c + 5 * ldc + 8, c51, add);
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
        Vector256<float> c00 = default;
        Vector256<float> c10 = default;
        Vector256<float> c20 = default;
        Vector256<float> c30 = default;
        Vector256<float> c40 = default;
        Vector256<float> c50 = default;
        Vector256<float> a;
        for (nint p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            a = Vector256.Create(a0[p]);
            c00 = Fma.MultiplyAdd(a, b0, c00);
            a = Vector256.Create(a1[p]);
            c10 = Fma.MultiplyAdd(a, b0, c10);
            a = Vector256.Create(a2[p]);
            c20 = Fma.MultiplyAdd(a, b0, c20);
            a = Vector256.Create(a3[p]);
            c30 = Fma.MultiplyAdd(a, b0, c30);
            a = Vector256.Create(a4[p]);
            c40 = Fma.MultiplyAdd(a, b0, c40);
            a = Vector256.Create(a5[p]);
            c50 = Fma.MultiplyAdd(a, b0, c50);
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 5 * ldc, c50, add);
    }

    /// <summary>A element (r, p) at a[p * ak + r]; half-width (NR / 2) B; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StridedANarrow(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        Vector256<float> c00 = default;
        Vector256<float> c10 = default;
        Vector256<float> c20 = default;
        Vector256<float> c30 = default;
        Vector256<float> c40 = default;
        Vector256<float> c50 = default;
        Vector256<float> s;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            s = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(s, b0, c00);
            s = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(s, b0, c10);
            s = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(s, b0, c20);
            s = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(s, b0, c30);
            s = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(s, b0, c40);
            s = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(s, b0, c50);
            a += ak;
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 5 * ldc, c50, add);
    }

    /// <summary>A packed (ak = MR); B row p at bBase + offsets[p]; half-width (NR / 2) panel; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OffsetBNarrow(int kc, float* a, int* offsets, float* bBase, float* c, nint ldc, bool add)
    {
        Vector256<float> c00 = default;
        Vector256<float> c10 = default;
        Vector256<float> c20 = default;
        Vector256<float> c30 = default;
        Vector256<float> c40 = default;
        Vector256<float> c50 = default;
        Vector256<float> s;
        for (int p = 0; p < kc; p++)
        {
            float* b = bBase + offsets[p];
            Vector256<float> b0 = Vector256.Load(b);
            s = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(s, b0, c00);
            s = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(s, b0, c10);
            s = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(s, b0, c20);
            s = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(s, b0, c30);
            s = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(s, b0, c40);
            s = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(s, b0, c50);
            a += 6;
        }

        Put(c, c00, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 4 * ldc, c40, add);
        Put(c + 5 * ldc, c50, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector256<float> v, bool add)
    {
        if (add)
        {
            v += Vector256.Load(c);
        }

        v.Store(c);
    }

    /// <inheritdoc cref="IGemmKernel.PackB"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, nint ldb, int kc, int cols, float* panel)
    {
        if (cols == 16)
        {
            for (int p = 0; p < kc; p++)
            {
                Vector256.Load(b).Store(panel);
                Vector256.Load(b + 8).Store(panel + 8);
                b += ldb;
                panel += 16;
            }

            return;
        }

        Vector256<float> m0 = SimdMasks.FirstLanes256(Math.Min(cols, 8));
        Vector256<float> m1 = SimdMasks.FirstLanes256(Math.Max(cols - 8, 0));
        for (int p = 0; p < kc; p++)
        {
            Avx.MaskLoad(b, m0).Store(panel);
            Avx.MaskLoad(b + 8, m1).Store(panel + 8);
            b += ldb;
            panel += 16;
        }
    }

    /// <inheritdoc cref="IGemmKernel.PackBTransposed"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBTransposed(float* b, nint ldb, int kc, int cols, float* panel) =>
        BlockTranspose.Pack(avx512: false, b, ldb, cols, kc, panel, NR);
}
