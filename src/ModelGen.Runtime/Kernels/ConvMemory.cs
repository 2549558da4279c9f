using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// The memory-bound pieces around the convolution GEMMs: row copies into and out of padded
/// and wide layouts. Rows here are short (8 to 30 floats), so they use whole vectors with a
/// masked tail rather than calls into memmove.
/// </summary>
internal static unsafe class ConvMemory
{
    /// <summary>dst[i] = src[i] + add for i below n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyAdd(float* src, float* dst, int n, float add)
    {
        int i = 0;
        if (Avx512F.IsSupported)
        {
            var b = Vector512.Create(add);
            for (; i + 16 <= n; i += 16)
            {
                (Vector512.Load(src + i) + b).Store(dst + i);
            }

            if (i < n)
            {
                var mask = SimdMasks.FirstLanes512(n - i);
                Avx512F.MaskStore(dst + i, mask, Avx512F.MaskLoad(src + i, mask, Vector512<float>.Zero) + b);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var b = Vector256.Create(add);
            for (; i + 8 <= n; i += 8)
            {
                (Vector256.Load(src + i) + b).Store(dst + i);
            }
        }

        for (; i < n; i++)
        {
            dst[i] = src[i] + add;
        }
    }

    /// <summary>dst[i] = src[i] for i below n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(float* src, float* dst, int n) => CopyAdd(src, dst, n, 0f);

    /// <summary>Zeroes n floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Zero(float* dst, int n) => new Span<float>(dst, n).Clear();

    /// <summary>
    /// Writes the images' <paramref name="channels"/> planes (height x width) into a zero-padded
    /// layout (height + 2·pad) x <paramref name="paddedWidth"/>, then zeroes
    /// <paramref name="slack"/> floats after it. Only the borders are zeroed, not the whole buffer.
    /// </summary>
    public static void Pad(float* src, int channels, int height, int width, int pad, int paddedWidth, float* dst, int slack)
    {
        int paddedHeight = height + 2 * pad;
        int right = paddedWidth - width - pad;
        for (int c = 0; c < channels; c++)
        {
            float* plane = dst + (nint)c * paddedHeight * paddedWidth;
            Zero(plane, pad * paddedWidth + pad);
            float* row = plane + pad * paddedWidth + pad;
            for (int y = 0; y < height; y++)
            {
                Copy(src, row, width);
                // This row's right border and the next row's left border are adjacent.
                Zero(row + width, right + pad);
                src += width;
                row += paddedWidth;
            }

            // The last row's right border was zeroed above, with `pad` floats past it that
            // belong to the bottom border; zero the rest of the bottom border.
            float* bottom = plane + (nint)(pad + height) * paddedWidth;
            Zero(bottom + pad, pad * paddedWidth - pad);
        }

        Zero(dst + (nint)channels * paddedHeight * paddedWidth, slack);
    }

    /// <summary>
    /// From a wide grid (rows x <paramref name="wideWidth"/> per plane, plane stride
    /// <paramref name="planeStride"/>) copies the first <paramref name="width"/> columns of each
    /// row to a compact plane, adding <paramref name="bias"/>[plane] when given.
    /// </summary>
    public static void Compact(float* wide, int planeStride, int planes, int rows, int width, int wideWidth, float* bias, float* dst)
    {
        for (int p = 0; p < planes; p++)
        {
            float add = bias == null ? 0f : bias[p];
            float* src = wide + (nint)p * planeStride;
            for (int y = 0; y < rows; y++)
            {
                CopyAdd(src, dst, width, add);
                src += wideWidth;
                dst += width;
            }
        }
    }

    /// <summary>
    /// Expands compact planes (rows x width) onto the wide grid (rows x wideWidth, the extra
    /// columns zero), each plane <paramref name="planeStride"/> apart.
    /// </summary>
    public static void Expand(float* src, int planes, int rows, int width, int wideWidth, float* dst, int planeStride)
    {
        for (int p = 0; p < planes; p++)
        {
            float* row = dst + (nint)p * planeStride;
            for (int y = 0; y < rows; y++)
            {
                Copy(src, row, width);
                Zero(row + width, wideWidth - width);
                src += width;
                row += wideWidth;
            }
        }
    }
}
