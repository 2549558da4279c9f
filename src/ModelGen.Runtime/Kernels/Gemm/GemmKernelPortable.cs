using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// Portable micro-kernel on <see cref="Vector{T}"/> (any hardware .NET vectorises, or none):
/// 4 rows x 2 vectors. Multiply and add stay separate so machines without FMA do not fall
/// into a software-emulated fused multiply-add.
/// </summary>
internal readonly unsafe struct GemmKernelPortable : IGemmKernel
{
    public static int MR => 4;

    public static int NR => 2 * Vector<float>.Count;

    /// <summary>A row r starts at rows[r] (element p at rows[r][p]); see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsA(int kc, float** rows, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        float* a0 = rows[0];
        float* a1 = rows[1];
        float* a2 = rows[2];
        float* a3 = rows[3];
        Vector<float> c00 = default; Vector<float> c01 = default;
        Vector<float> c10 = default; Vector<float> c11 = default;
        Vector<float> c20 = default; Vector<float> c21 = default;
        Vector<float> c30 = default; Vector<float> c31 = default;
        Vector<float> a;
        for (nint p = 0; p < kc; p++)
        {
            Vector<float> b0 = Unsafe.Read<Vector<float>>(b);
            Vector<float> b1 = Unsafe.Read<Vector<float>>(b + Vector<float>.Count);
            a = new Vector<float>(a0[p]);
            c00 = c00 + a * b0;
            c01 = c01 + a * b1;
            a = new Vector<float>(a1[p]);
            c10 = c10 + a * b0;
            c11 = c11 + a * b1;
            a = new Vector<float>(a2[p]);
            c20 = c20 + a * b0;
            c21 = c21 + a * b1;
            a = new Vector<float>(a3[p]);
            c30 = c30 + a * b0;
            c31 = c31 + a * b1;
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + Vector<float>.Count, c01, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 1 * ldc + Vector<float>.Count, c11, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 2 * ldc + Vector<float>.Count, c21, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 3 * ldc + Vector<float>.Count, c31, add);
    }

    /// <summary>A element (r, p) at a[p * ak + r]; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StridedA(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        Vector<float> c00 = default; Vector<float> c01 = default;
        Vector<float> c10 = default; Vector<float> c11 = default;
        Vector<float> c20 = default; Vector<float> c21 = default;
        Vector<float> c30 = default; Vector<float> c31 = default;
        Vector<float> s;
        for (int p = 0; p < kc; p++)
        {
            Vector<float> b0 = Unsafe.Read<Vector<float>>(b);
            Vector<float> b1 = Unsafe.Read<Vector<float>>(b + Vector<float>.Count);
            s = new Vector<float>(a[0]);
            c00 = c00 + s * b0;
            c01 = c01 + s * b1;
            s = new Vector<float>(a[1]);
            c10 = c10 + s * b0;
            c11 = c11 + s * b1;
            s = new Vector<float>(a[2]);
            c20 = c20 + s * b0;
            c21 = c21 + s * b1;
            s = new Vector<float>(a[3]);
            c30 = c30 + s * b0;
            c31 = c31 + s * b1;
            a += ak;
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + Vector<float>.Count, c01, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 1 * ldc + Vector<float>.Count, c11, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 2 * ldc + Vector<float>.Count, c21, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 3 * ldc + Vector<float>.Count, c31, add);
    }

    /// <summary>A packed (ak = MR); B row p at bBase + offsets[p]; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OffsetB(int kc, float* a, int* offsets, float* bBase, float* c, nint ldc, bool add)
    {
        Vector<float> c00 = default; Vector<float> c01 = default;
        Vector<float> c10 = default; Vector<float> c11 = default;
        Vector<float> c20 = default; Vector<float> c21 = default;
        Vector<float> c30 = default; Vector<float> c31 = default;
        Vector<float> s;
        for (int p = 0; p < kc; p++)
        {
            float* b = bBase + offsets[p];
            Vector<float> b0 = Unsafe.Read<Vector<float>>(b);
            Vector<float> b1 = Unsafe.Read<Vector<float>>(b + Vector<float>.Count);
            s = new Vector<float>(a[0]);
            c00 = c00 + s * b0;
            c01 = c01 + s * b1;
            s = new Vector<float>(a[1]);
            c10 = c10 + s * b0;
            c11 = c11 + s * b1;
            s = new Vector<float>(a[2]);
            c20 = c20 + s * b0;
            c21 = c21 + s * b1;
            s = new Vector<float>(a[3]);
            c30 = c30 + s * b0;
            c31 = c31 + s * b1;
            a += 4;
        }

        Put(c, c00, add);
        Put(c + Vector<float>.Count, c01, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 1 * ldc + Vector<float>.Count, c11, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 2 * ldc + Vector<float>.Count, c21, add);
        Put(c + 3 * ldc, c30, add);
        Put(c + 3 * ldc + Vector<float>.Count, c31, add);
    }

    /// <summary>A row r starts at rows[r] (element p at rows[r][p]); half-width (NR / 2) panel; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowsANarrow(int kc, float** rows, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        float* a0 = rows[0];
        float* a1 = rows[1];
        float* a2 = rows[2];
        float* a3 = rows[3];
        Vector<float> c00 = default;
        Vector<float> c10 = default;
        Vector<float> c20 = default;
        Vector<float> c30 = default;
        Vector<float> a;
        for (nint p = 0; p < kc; p++)
        {
            Vector<float> b0 = Unsafe.Read<Vector<float>>(b);
            a = new Vector<float>(a0[p]);
            c00 = c00 + a * b0;
            a = new Vector<float>(a1[p]);
            c10 = c10 + a * b0;
            a = new Vector<float>(a2[p]);
            c20 = c20 + a * b0;
            a = new Vector<float>(a3[p]);
            c30 = c30 + a * b0;
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 3 * ldc, c30, add);
    }

    /// <summary>A element (r, p) at a[p * ak + r]; half-width (NR / 2) B; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StridedANarrow(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add)
    {
        Vector<float> c00 = default;
        Vector<float> c10 = default;
        Vector<float> c20 = default;
        Vector<float> c30 = default;
        Vector<float> s;
        for (int p = 0; p < kc; p++)
        {
            Vector<float> b0 = Unsafe.Read<Vector<float>>(b);
            s = new Vector<float>(a[0]);
            c00 = c00 + s * b0;
            s = new Vector<float>(a[1]);
            c10 = c10 + s * b0;
            s = new Vector<float>(a[2]);
            c20 = c20 + s * b0;
            s = new Vector<float>(a[3]);
            c30 = c30 + s * b0;
            a += ak;
            b += ldb;
        }

        Put(c, c00, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 3 * ldc, c30, add);
    }

    /// <summary>A packed (ak = MR); B row p at bBase + offsets[p]; half-width (NR / 2) panel; see <see cref="IGemmKernel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OffsetBNarrow(int kc, float* a, int* offsets, float* bBase, float* c, nint ldc, bool add)
    {
        Vector<float> c00 = default;
        Vector<float> c10 = default;
        Vector<float> c20 = default;
        Vector<float> c30 = default;
        Vector<float> s;
        for (int p = 0; p < kc; p++)
        {
            float* b = bBase + offsets[p];
            Vector<float> b0 = Unsafe.Read<Vector<float>>(b);
            s = new Vector<float>(a[0]);
            c00 = c00 + s * b0;
            s = new Vector<float>(a[1]);
            c10 = c10 + s * b0;
            s = new Vector<float>(a[2]);
            c20 = c20 + s * b0;
            s = new Vector<float>(a[3]);
            c30 = c30 + s * b0;
            a += 4;
        }

        Put(c, c00, add);
        Put(c + 1 * ldc, c10, add);
        Put(c + 2 * ldc, c20, add);
        Put(c + 3 * ldc, c30, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector<float> v, bool add)
    {
        if (add)
        {
            v += Unsafe.Read<Vector<float>>(c);
        }

        Unsafe.Write(c, v);
    }

    /// <inheritdoc cref="IGemmKernel.PackB"/>
    public static void PackB(float* b, nint ldb, int kc, int cols, float* panel)
    {
        int nr = NR;
        for (int p = 0; p < kc; p++)
        {
            int j = 0;
            if (cols == nr)
            {
                Unsafe.Write(panel, Unsafe.Read<Vector<float>>(b));
                Unsafe.Write(panel + Vector<float>.Count, Unsafe.Read<Vector<float>>(b + Vector<float>.Count));
                j = nr;
            }

            for (; j < cols; j++)
            {
                panel[j] = b[j];
            }

            for (; j < nr; j++)
            {
                panel[j] = 0f;
            }

            b += ldb;
            panel += nr;
        }
    }

    /// <inheritdoc cref="IGemmKernel.PackBTransposed"/>
    public static void PackBTransposed(float* b, nint ldb, int kc, int cols, float* panel)
    {
        GemmPacking.TransposeScalar(b, ldb, kc, cols, panel, NR);
        GemmPacking.ZeroColumns(panel, NR, kc, cols, NR);
    }
}
