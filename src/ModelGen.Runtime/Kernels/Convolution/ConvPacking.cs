using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>Per-call preparation of the implicit convolution: offset tables and weights packed into MR-row tiles.</summary>
internal static unsafe class ConvPacking
{
    /// <summary>offsets[(c·K + ky)·K + kx] = c·PH·PW + ky·PW + kx: where im2col row (c, ky, kx) starts in the padded image.</summary>
    public static void Offsets(in ConvPlan p, int* offsets)
    {
        ConvShape s = p.S;
        Fill(offsets, s.Channels, s.KernelSize, p.PH * p.PW, p.PW);
    }

    /// <summary>The same for the input-gradient convolution over the padded output gradient.</summary>
    public static void BackOffsets(in ConvPlan p, int* offsets)
    {
        ConvShape s = p.S;
        Fill(offsets, s.Filters, s.KernelSize, p.BPH * p.BPW, p.BPW);
    }

    private static void Fill(int* offsets, int channels, int k, int planeSize, int rowSize)
    {
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < k; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    *offsets++ = c * planeSize + ky * rowSize + kx;
                }
            }
        }
    }

    /// <summary>packed[t][k][r] = W[t·MR + r][k] (zero for filters past F): the A operand in the micro-kernel's order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackWeights(in ConvPlan p, float* weights, float* packed)
    {
        int mr = p.MR, patch = p.Patch, filters = p.S.Filters;
        // Full 8-row tiles: one 8-lane gather (stride = patch) per k. Runs every call, serially
        // before the parallel part, so the scalar loop's 1-4 ns per float was measurable.
        var rowStride = Vector256<int>.Indices * patch;
        for (int t = 0; t < p.FRows / mr; t++)
        {
            float* tileBase = weights + (nint)t * mr * patch;
            if (mr == 8 && Avx2.IsSupported && (t + 1) * mr <= filters)
            {
                for (int k = 0; k < patch; k++)
                {
                    Avx2.GatherVector256(tileBase + k, rowStride, 4).Store(packed);
                    packed += 8;
                }

                continue;
            }

            for (int k = 0; k < patch; k++)
            {
                for (int r = 0; r < mr; r++)
                {
                    int f = t * mr + r;
                    *packed++ = f < filters ? weights[(nint)f * patch + k] : 0f;
                }
            }
        }
    }

    /// <summary>
    /// The weights of the input-gradient convolution, packed like <see cref="PackWeights"/>:
    /// output channel c, input channel f, tap (ky, kx) = W[f][c][K−1−ky][K−1−kx], i.e. tap j of
    /// filter f reads W[f][c][K² − 1 − j].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackFlippedWeights(in ConvPlan p, float* weights, float* packed)
    {
        ConvShape s = p.S;
        int mr = p.MR, k2 = p.K2, channels = s.Channels;
        var channelStride = Vector256<int>.Indices * k2;
        for (int t = 0; t < p.CRows / mr; t++)
        {
            bool full = mr == 8 && Avx2.IsSupported && (t + 1) * mr <= channels;
            for (int f = 0; f < s.Filters; f++)
            {
                float* block = weights + ((nint)f * channels + t * mr) * k2; // W[f][t·MR][0]
                for (int j = 0; j < k2; j++)
                {
                    if (full)
                    {
                        Avx2.GatherVector256(block + (k2 - 1 - j), channelStride, 4).Store(packed);
                        packed += 8;
                        continue;
                    }

                    for (int r = 0; r < mr; r++)
                    {
                        int c = t * mr + r;
                        *packed++ = c < channels ? block[(nint)r * k2 + (k2 - 1 - j)] : 0f;
                    }
                }
            }
        }
    }
}
