using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// AVX-512 builder of packed im2col panels for stride-1 convolution: 32 consecutive output
/// positions (compact order, no discarded columns) x every im2col row. Output position q lives
/// at wide index w(q) = (q / OW) · PW + q % OW of the padded image, so for each half panel the
/// 16 positions are a fixed permutation of a 32-float window that starts at w(first position);
/// row k of the panel is that permutation applied at image + offsets[k]. Two loads and one
/// <c>vpermt2ps</c> per 16 floats make the panel cheap next to the GEMM that consumes it.
/// </summary>
internal static unsafe class ConvPanels
{
    /// <summary>Ints per panel in the table: two 16-lane index vectors, two window starts.</summary>
    public const int TableStride = 48;

    /// <summary>
    /// Fills the table for <paramref name="positions"/> outputs of <paramref name="width"/>
    /// per row on a padded grid <paramref name="wideWidth"/> wide. Returns false when some half
    /// panel spans more than a 32-float window (tiny images with wide kernels); the caller then
    /// uses the wide path. Lanes past the last position get index −1 (zeroed).
    /// </summary>
    public static bool BuildTable(int positions, int width, int wideWidth, int* table)
    {
        int panels = (positions + 31) / 32;
        for (int p = 0; p < panels; p++)
        {
            int* entry = table + p * TableStride;
            for (int h = 0; h < 2; h++)
            {
                int first = p * 32 + h * 16;
                int start = first < positions ? Wide(first, width, wideWidth) : 0;
                entry[32 + h] = start;
                for (int lane = 0; lane < 16; lane++)
                {
                    int q = first + lane;
                    int index = q < positions ? Wide(q, width, wideWidth) - start : -1;
                    if (index >= 32)
                    {
                        return false;
                    }

                    entry[h * 16 + lane] = index;
                }
            }
        }

        return true;
    }

    private static int Wide(int q, int width, int wideWidth) => q / width * wideWidth + q % width;

    /// <summary>panel[k · 32 + j] = image[offsets[k] + w(position j of the panel)], for k below kTotal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Build(float* image, int* offsets, int kTotal, int* entry, float* panel)
    {
        var index0 = Vector512.Load(entry);
        var index1 = Vector512.Load(entry + 16);
        var keep0 = Vector512.GreaterThanOrEqual(index0, Vector512<int>.Zero).AsSingle();
        var keep1 = Vector512.GreaterThanOrEqual(index1, Vector512<int>.Zero).AsSingle();
        index0 &= Vector512.Create(31);
        index1 &= Vector512.Create(31);
        int start0 = entry[32];
        int start1 = entry[33];
        for (int k = 0; k < kTotal; k++)
        {
            float* src = image + offsets[k];
            var v0 = Avx512F.PermuteVar16x32x2(Vector512.Load(src + start0), index0, Vector512.Load(src + start0 + 16));
            var v1 = Avx512F.PermuteVar16x32x2(Vector512.Load(src + start1), index1, Vector512.Load(src + start1 + 16));
            (v0 & keep0).Store(panel);
            (v1 & keep1).Store(panel + 16);
            panel += 32;
        }
    }
}
