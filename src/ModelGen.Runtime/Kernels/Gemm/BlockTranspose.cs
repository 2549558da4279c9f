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

    /// <summary>dst[j · ldd + i] = src[i · lds + j] for i below <paramref name="rows"/> and j below <paramref name="length"/>; nothing else is written.</summary>
    public static void Transpose(bool avx512, float* src, nint lds, int rows, int length, float* dst, nint ldd)
    {
        int i = 0;
        if (avx512)
        {
            for (; i + 16 <= rows; i += 16)
            {
                int j = 0;
                for (; j + 16 <= length; j += 16)
                {
                    Transpose16x16.Run(src + i * lds + j, lds, dst + j * ldd + i, ldd);
                }

                GemmPacking.TransposeScalar(src + i * lds + j, lds, length - j, 16, dst + j * ldd + i, ldd);
            }
        }
        else if (Avx2.IsSupported)
        {
            for (; i + 8 <= rows; i += 8)
            {
                int j = 0;
                for (; j + 8 <= length; j += 8)
                {
                    Transpose8x8.Run(src + i * lds + j, lds, dst + j * ldd + i, ldd);
                }

                GemmPacking.TransposeScalar(src + i * lds + j, lds, length - j, 8, dst + j * ldd + i, ldd);
            }
        }

        GemmPacking.TransposeScalar(src + i * lds, lds, length, rows - i, dst + i, ldd);
    }
}
