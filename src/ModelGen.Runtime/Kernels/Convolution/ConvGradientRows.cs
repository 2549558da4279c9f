using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// Reads one image's output gradient for the weight and bias gradients in a single pass: each
/// value optionally goes through ReLU's backward gate (a fused activation), is summed into its
/// filter's bias gradient, and is written onto the grid the GEMM reads (the wide grid of the
/// implicit path, or a compact copy for im2col). Fusing the sum saves the separate sweep over
/// dY the bias gradient used to take.
/// </summary>
/// <remarks>
/// The per-plane sum has one fixed order per path, whatever the memory's alignment: element x
/// of every row goes to lane x mod 16 (AVX-512) or x mod 8 (AVX2) of one accumulator, and the
/// lanes are added at the end; without either, element by element. The fused and unfused calls
/// therefore agree to the bit when the gated values are equal.
/// </remarks>
internal static unsafe class ConvGradientRows
{
    /// <summary>
    /// For each of <paramref name="planes"/> planes (rows x width, compact, at src): the values
    /// v = gate == null ? src : Gate(gate, src) are added to sums[plane], and, when dst is not
    /// null, written to dst + plane · planeStride in rows of <paramref name="gridWidth"/> (the
    /// columns past width zeroed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Expand(float* src, float* gate, int planes, int rows, int width, int gridWidth, float* dst, int planeStride, float* sums)
    {
        if (!Avx512F.IsSupported)
        {
            if (Avx2.IsSupported)
            {
                ExpandAvx2(src, gate, planes, rows, width, gridWidth, dst, planeStride, sums);
            }
            else
            {
                ExpandScalar(src, gate, planes, rows, width, gridWidth, dst, planeStride, sums);
            }

            return;
        }

        // Writing: cover the whole grid row; summing only: the source row.
        int span = dst != null ? gridWidth : width;
        var limit = Vector512.Create(width);
        for (int p = 0; p < planes; p++)
        {
            float* row = dst == null ? null : dst + (nint)p * planeStride;
            var sum = Vector512<float>.Zero;
            for (int y = 0; y < rows; y++)
            {
                for (int i = 0; i < span; i += 16)
                {
                    var inside = Vector512.LessThan(Vector512<int>.Indices + Vector512.Create(i), limit).AsSingle();
                    var v = Avx512F.MaskLoad(src + i, inside, Vector512<float>.Zero);
                    if (gate != null)
                    {
                        v = ReluMath.Gate(Avx512F.MaskLoad(gate + i, inside, Vector512<float>.Zero), v);
                    }

                    sum += v;
                    if (row != null)
                    {
                        if (i + 16 <= span)
                        {
                            v.Store(row + i);
                        }
                        else
                        {
                            Avx512F.MaskStore(row + i, SimdMasks.FirstLanes512(span - i), v);
                        }
                    }
                }

                src += width;
                if (gate != null)
                {
                    gate += width;
                }

                if (row != null)
                {
                    row += gridWidth;
                }
            }

            sums[p] += Vector512.Sum(sum);
        }
    }

    /// <summary>
    /// The same on AVX2, 8 lanes at a time: masked loads (which cannot fault past the row) read
    /// the ragged end, and the masked-off lanes are zero, so the grid's extra columns come out zeroed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExpandAvx2(float* src, float* gate, int planes, int rows, int width, int gridWidth, float* dst, int planeStride, float* sums)
    {
        int span = dst != null ? gridWidth : width;
        var limit = Vector256.Create(width);
        for (int p = 0; p < planes; p++)
        {
            float* row = dst == null ? null : dst + (nint)p * planeStride;
            var sum = Vector256<float>.Zero;
            for (int y = 0; y < rows; y++)
            {
                int i = 0;
                // Whole vectors inside the source row need no mask.
                for (; i + 8 <= width; i += 8)
                {
                    var v = Vector256.Load(src + i);
                    if (gate != null)
                    {
                        v = ReluMath.Gate(Vector256.Load(gate + i), v);
                    }

                    sum += v;
                    if (row != null)
                    {
                        v.Store(row + i);
                    }
                }

                for (; i < span; i += 8)
                {
                    var inside = Vector256.LessThan(Vector256<int>.Indices + Vector256.Create(i), limit).AsSingle();
                    var v = Avx.MaskLoad(src + i, inside);
                    if (gate != null)
                    {
                        v = ReluMath.Gate(Avx.MaskLoad(gate + i, inside), v);
                    }

                    sum += v;
                    if (row != null)
                    {
                        Avx2Lanes.StoreFirst(row + i, v, span - i);
                    }
                }

                src += width;
                if (gate != null)
                {
                    gate += width;
                }

                if (row != null)
                {
                    row += gridWidth;
                }
            }

            sums[p] += Vector256.Sum(sum);
        }
    }

    /// <summary>The same without AVX2: the plane is summed element by element in order.</summary>
    private static void ExpandScalar(float* src, float* gate, int planes, int rows, int width, int gridWidth, float* dst, int planeStride, float* sums)
    {
        for (int p = 0; p < planes; p++)
        {
            float* row = dst == null ? null : dst + (nint)p * planeStride;
            float sum = 0f;
            for (int y = 0; y < rows; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    float v = gate == null ? src[x] : ReluMath.Gate(gate[x], src[x]);
                    sum += v;
                    if (row != null)
                    {
                        row[x] = v;
                    }
                }

                if (row != null)
                {
                    new Span<float>(row + width, gridWidth - width).Clear();
                    row += gridWidth;
                }

                src += width;
                if (gate != null)
                {
                    gate += width;
                }
            }

            sums[p] += sum;
        }
    }
}
