using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// Blocked transposes into the GEMM's packed B panels: the kernels' PackBTransposed, and the
/// convolution's transposed output gradient.
/// </summary>
internal static unsafe class BlockTranspose
{
    /// <summary>
    /// panel[j · w + i] = src[i · lds + j] for i below <paramref name="rows"/> (≤ w) and j below
    /// <paramref name="length"/>; panel columns from <paramref name="rows"/> to w are zeroed.
    /// 16 x 16 blocks go through AVX-512 shuffles when <paramref name="avx512"/>, else 8 x 8
    /// blocks through AVX2 shuffles where the machine has AVX2.
    /// </summary>
    public static void Pack(bool avx512, float* src, nint lds, int rows, int length, float* panel, int w)
    {
        Transpose(avx512, src, lds, rows, length, panel, w);
        GemmPacking.ZeroColumns(panel, w, length, rows, w);
    }

    /// <summary>
    /// dst[j · ldd + i] = src[i · lds + j] for i below <paramref name="rows"/> and j below
    /// <paramref name="length"/>; nothing else is written. Rows go in blocks of 16 (AVX-512) or
    /// 8 (AVX2) with the leftover rows element by element; along each block of rows a ragged end
    /// of at least one block's width is covered by a last block that overlaps the one before it
    /// (writing some values twice), so 28- and 14-wide maps need no scalar columns.
    /// </summary>
    public static void Transpose(bool avx512, float* src, nint lds, int rows, int length, float* dst, nint ldd)
    {
        int i = 0;
        if (avx512)
        {
            for (; i + 16 <= rows; i += 16)
            {
                if (length >= 16)
                {
                    Rows16(src + i * lds, lds, length, dst + i, ldd);
                }
                else
                {
                    Rows8(src + i * lds, lds, length, dst + i, ldd);
                    Rows8(src + (i + 8) * lds, lds, length, dst + i + 8, ldd);
                }
            }
        }

        for (; i + 8 <= rows && Avx2.IsSupported; i += 8)
        {
            Rows8(src + i * lds, lds, length, dst + i, ldd);
        }

        GemmPacking.TransposeScalar(src + i * lds, lds, length, rows - i, dst + i, ldd);
    }

    /// <summary>16 rows, length ≥ 16, in 16 x 16 blocks.</summary>
    private static void Rows16(float* src, nint lds, int length, float* dst, nint ldd)
    {
        for (int j = 0; ; j += 16)
        {
            j = Math.Min(j, length - 16);
            Transpose16x16.Run(src + j, lds, dst + j * ldd, ldd);
            if (j + 16 == length)
            {
                return;
            }
        }
    }

    /// <summary>8 rows in 8 x 8 blocks (element by element when length &lt; 8).</summary>
    private static void Rows8(float* src, nint lds, int length, float* dst, nint ldd)
    {
        if (length < 8 || !Avx2.IsSupported)
        {
            GemmPacking.TransposeScalar(src, lds, length, 8, dst, ldd);
            return;
        }

        for (int j = 0; ; j += 8)
        {
            j = Math.Min(j, length - 8);
            Transpose8x8.Run(src + j, lds, dst + j * ldd, ldd);
            if (j + 8 == length)
            {
                return;
            }
        }
    }
}
