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

            if (i < n && Avx2.IsSupported)
            {
                var mask = SimdMasks.FirstLanes256(n - i);
                Avx2Lanes.StoreFirst(dst + i, Avx.MaskLoad(src + i, mask) + b, n - i);
                return;
            }
        }

        for (; i < n; i++)
        {
            dst[i] = src[i] + add;
        }
    }

    /// <summary>dst[i] = ReLU(src[i] + add) for i below n (<see cref="ReluMath"/>): the bias and the activation in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyAddRelu(float* src, float* dst, int n, float add)
    {
        int i = 0;
        if (Avx512F.IsSupported)
        {
            var b = Vector512.Create(add);
            for (; i + 16 <= n; i += 16)
            {
                ReluMath.Forward(Vector512.Load(src + i) + b).Store(dst + i);
            }

            if (i < n)
            {
                var mask = SimdMasks.FirstLanes512(n - i);
                Avx512F.MaskStore(dst + i, mask, ReluMath.Forward(Avx512F.MaskLoad(src + i, mask, Vector512<float>.Zero) + b));
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var b = Vector256.Create(add);
            for (; i + 8 <= n; i += 8)
            {
                ReluMath.Forward(Vector256.Load(src + i) + b).Store(dst + i);
            }

            if (i < n && Avx2.IsSupported)
            {
                var mask = SimdMasks.FirstLanes256(n - i);
                Avx2Lanes.StoreFirst(dst + i, ReluMath.Forward(Avx.MaskLoad(src + i, mask) + b), n - i);
                return;
            }
        }

        for (; i < n; i++)
        {
            dst[i] = ReluMath.Forward(src[i] + add);
        }
    }

    /// <summary>Adds <paramref name="add"/> to n floats in place, then applies ReLU when <paramref name="relu"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddBias(float* row, int n, float add, bool relu)
    {
        if (relu)
        {
            CopyAddRelu(row, row, n, add);
        }
        else
        {
            CopyAdd(row, row, n, add);
        }
    }

    /// <summary>dst[i] = src[i] for i below n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(float* src, float* dst, int n) => CopyAdd(src, dst, n, 0f);

    /// <summary>
    /// Zeroes n floats. Short runs use vector stores: a memset call between the masked row
    /// stores of <see cref="Pad"/> was measured to make padding ten times slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Zero(float* dst, int n)
    {
        if (n > 256 || !Avx2.IsSupported)
        {
            new Span<float>(dst, n).Clear();
            return;
        }

        int i = 0;
        if (!Avx512F.IsSupported)
        {
            for (; i + 8 <= n; i += 8)
            {
                Vector256<float>.Zero.Store(dst + i);
            }

            if (i < n)
            {
                Avx2Lanes.StoreFirst(dst + i, Vector256<float>.Zero, n - i);
            }

            return;
        }

        for (; i + 16 <= n; i += 16)
        {
            Vector512<float>.Zero.Store(dst + i);
        }

        if (i < n)
        {
            Avx512F.MaskStore(dst + i, SimdMasks.FirstLanes512(n - i), Vector512<float>.Zero);
        }
    }

    /// <summary>
    /// dst[0, paddedWidth) = <paramref name="left"/> zeros, then src[0, width), then zeros; when
    /// <paramref name="gate"/> is not null, src[i] is first passed through ReLU's backward gate
    /// (<see cref="ReluMath.Gate(float, float)"/> with y = gate[i]). With AVX-512 each 16 floats of
    /// the padded row are one masked load (two with the gate) and one store: lanes outside the
    /// source row are masked off, which also suppresses any fault there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PadRow(float* src, float* gate, int width, int left, float* dst, int paddedWidth)
    {
        if (Avx512F.IsSupported)
        {
            var limit = Vector512.Create((uint)width);
            int i = 0;
            for (; i + 16 <= paddedWidth; i += 16)
            {
                var inside = Vector512.LessThan((Vector512<int>.Indices + Vector512.Create(i - left)).AsUInt32(), limit).AsSingle();
                var v = Avx512F.MaskLoad(src + i - left, inside, Vector512<float>.Zero);
                if (gate != null)
                {
                    v = ReluMath.Gate(Avx512F.MaskLoad(gate + i - left, inside, Vector512<float>.Zero), v);
                }

                v.Store(dst + i);
            }

            if (i < paddedWidth)
            {
                var inside = Vector512.LessThan((Vector512<int>.Indices + Vector512.Create(i - left)).AsUInt32(), limit).AsSingle();
                var v = Avx512F.MaskLoad(src + i - left, inside, Vector512<float>.Zero);
                if (gate != null)
                {
                    v = ReluMath.Gate(Avx512F.MaskLoad(gate + i - left, inside, Vector512<float>.Zero), v);
                }

                Avx512F.MaskStore(dst + i, SimdMasks.FirstLanes512(paddedWidth - i), v);
            }

            return;
        }

        if (Avx2.IsSupported)
        {
            PadRowAvx2(src, gate, width, left, dst, paddedWidth);
            return;
        }

        Zero(dst, left);
        if (gate == null)
        {
            Copy(src, dst + left, width);
        }
        else
        {
            for (int i = 0; i < width; i++)
            {
                dst[left + i] = ReluMath.Gate(gate[i], src[i]);
            }
        }

        Zero(dst + left + width, paddedWidth - left - width);
    }

    /// <summary>
    /// <see cref="PadRow"/> on AVX2: each 8 floats of the padded row are one masked load (two
    /// with the gate; the masked-off lanes read as zero and cannot fault) and one store.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PadRowAvx2(float* src, float* gate, int width, int left, float* dst, int paddedWidth)
    {
        var limit = Vector256.Create((uint)width);
        int i = 0;
        for (; i < paddedWidth; i += 8)
        {
            var inside = Vector256.LessThan((Vector256<int>.Indices + Vector256.Create(i - left)).AsUInt32(), limit).AsSingle();
            var v = Avx.MaskLoad(src + i - left, inside);
            if (gate != null)
            {
                v = ReluMath.Gate(Avx.MaskLoad(gate + i - left, inside), v);
            }

            Avx2Lanes.StoreFirst(dst + i, v, paddedWidth - i);
        }
    }

    /// <summary>
    /// Writes the images' <paramref name="channels"/> planes (height x width) into a zero-padded
    /// layout (height + 2·pad) x <paramref name="paddedWidth"/>, then zeroes
    /// <paramref name="slack"/> floats after it. A non-null <paramref name="gate"/> (same layout
    /// as src) applies ReLU's backward gate on the way, for a fused output gradient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pad(float* src, float* gate, int channels, int height, int width, int pad, int paddedWidth, float* dst, int slack)
    {
        int border = pad * paddedWidth;
        for (int c = 0; c < channels; c++)
        {
            Zero(dst, border);
            dst += border;
            for (int y = 0; y < height; y++)
            {
                PadRow(src, gate, width, pad, dst, paddedWidth);
                src += width;
                if (gate != null)
                {
                    gate += width;
                }

                dst += paddedWidth;
            }

            Zero(dst, border);
            dst += border;
        }

        Zero(dst, slack);
    }

    /// <summary>
    /// From a wide grid (rows x <paramref name="wideWidth"/> per plane, plane stride
    /// <paramref name="planeStride"/>) copies the first <paramref name="width"/> columns of each
    /// row to a compact plane, adding <paramref name="bias"/>[plane] when given and then applying
    /// ReLU when <paramref name="relu"/> (the fused activation costs no pass of its own).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compact(float* wide, int planeStride, int planes, int rows, int width, int wideWidth, float* bias, bool relu, float* dst)
    {
        for (int p = 0; p < planes; p++)
        {
            float add = bias == null ? 0f : bias[p];
            float* src = wide + (nint)p * planeStride;
            for (int y = 0; y < rows; y++)
            {
                if (relu)
                {
                    CopyAddRelu(src, dst, width, add);
                }
                else
                {
                    CopyAdd(src, dst, width, add);
                }

                src += wideWidth;
                dst += width;
            }
        }
    }
}
