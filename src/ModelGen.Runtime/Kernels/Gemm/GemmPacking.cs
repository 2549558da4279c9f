using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>Scalar packing helpers shared by the SIMD paths (edges and small leftovers).</summary>
internal static unsafe class GemmPacking
{
    /// <summary>dst[p * ldd + j] = src[j * lds + p] for p below rows, j below cols.</summary>
    public static void TransposeScalar(float* src, nint lds, int rows, int cols, float* dst, nint ldd)
    {
        for (int j = 0; j < cols; j++)
        {
            float* s = src + j * lds;
            float* d = dst + j;
            for (int p = 0; p < rows; p++)
            {
                d[p * ldd] = s[p];
            }
        }
    }

    /// <summary>Zeroes columns [cols, width) of the first <paramref name="rows"/> rows of a panel.</summary>
    public static void ZeroColumns(float* panel, nint ld, int rows, int cols, int width)
    {
        if (cols >= width)
        {
            return;
        }

        for (int p = 0; p < rows; p++)
        {
            new Span<float>(panel + p * ld + cols, width - cols).Clear();
        }
    }

    /// <summary>
    /// Copies an interleaved A block (A(r, p) = a[p * ak + r]) with only <paramref name="rows"/>
    /// valid rows into a zero-padded MR-wide panel, so the kernel never reads past A's end.
    /// </summary>
    public static void PackStridedEdge(float* a, nint ak, int kc, int rows, int mr, float* panel)
    {
        for (int p = 0; p < kc; p++)
        {
            int r = 0;
            for (; r < rows; r++)
            {
                panel[r] = a[r];
            }

            for (; r < mr; r++)
            {
                panel[r] = 0f;
            }

            a += ak;
            panel += mr;
        }
    }

    /// <summary>Stores (or adds) the valid rows x cols corner of a temporary tile into C.</summary>
    public static void MergeTile(float* tile, nint ldt, float* c, nint ldc, int rows, int cols, bool add)
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + r * ldt;
            float* d = c + r * ldc;
            int j = 0;
            if (Avx512F.IsSupported)
            {
                // Whole vectors plus one masked tail: edge tiles are frequent when n is small (n = 50).
                for (; j < cols; j += 16)
                {
                    var mask = SimdMasks.FirstLanes512(cols - j);
                    var v = Avx512F.MaskLoad(t + j, mask, Vector512<float>.Zero);
                    if (add)
                    {
                        v += Avx512F.MaskLoad(d + j, mask, Vector512<float>.Zero);
                    }

                    Avx512F.MaskStore(d + j, mask, v);
                }

                continue;
            }

            if (Avx2.IsSupported)
            {
                for (; j < cols; j += 8)
                {
                    var mask = SimdMasks.FirstLanes256(cols - j);
                    var v = Avx.MaskLoad(t + j, mask);
                    if (add)
                    {
                        v += Avx.MaskLoad(d + j, mask);
                    }

                    Avx2Lanes.StoreFirst(d + j, v, cols - j);
                }

                continue;
            }

            for (; j < cols; j++)
            {
                d[j] = add ? d[j] + t[j] : t[j];
            }
        }
    }
}
