using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// AVX-512 8 x 48 tiles for <see cref="GemmStrips{TK, TV, TL}"/>: 24 accumulators, three B loads
/// and eight broadcasts feeding 24 FMAs per step. The 8 x 32 tiles of <see cref="GemmKernel512"/>
/// compute N = 50 as 64 columns (a full panel for the 18 past 32); these cover 48 of them.
/// </summary>
internal readonly unsafe struct GemmKernel512Wide : IStripKernel
{
    public static int MR => 8;

    public static int NR => 48;

    /// <summary>An 8 x 48 tile, A's rows read in place: A(r, p) = rows[r][p].</summary>
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
    public static void StridedA(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add)
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
