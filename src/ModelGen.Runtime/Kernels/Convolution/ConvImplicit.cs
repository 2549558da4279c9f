using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// Stride-1 convolution as implicit GEMM on one path's micro-kernels (see <see cref="ConvPlan"/>):
/// no im2col matrix is ever written; the kernels read the shifted rows of the padded image in place.
/// </summary>
internal static unsafe class ConvImplicit<TK> where TK : struct, IGemmKernel
{
    /// <summary>
    /// k rows per block where a packed operand is streamed (weight gradient: the packed output
    /// gradient; panels: the im2col panel), so one block of it (32 KB at 32 floats a row) stays in L1.
    /// </summary>
    private const int KC = 256;

    /// <summary>
    /// wide (rowTiles·MR x qPad) = A · X, where A is packed in MR-row tiles (kTotal x MR each)
    /// and row p of X is the qPad floats at image + offsets[p].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Convolve(float* packedA, int rowTiles, int kTotal, int* offsets, float* image, int qPad, float* wide)
    {
        int mr = TK.MR;
        int nr = TK.NR;
        int half = nr / 2;
        for (int j0 = 0; j0 < qPad;)
        {
            // ConvPlan.PanelRound leaves whole panels and at most one narrow one at the end.
            bool narrow = qPad - j0 <= half;
            for (int t = 0; t < rowTiles; t++)
            {
                float* a = packedA + (nint)t * kTotal * mr;
                float* c = wide + (nint)t * mr * qPad + j0;
                if (narrow)
                {
                    TK.OffsetBNarrow(kTotal, a, offsets, image + j0, c, qPad, false);
                }
                else
                {
                    TK.OffsetB(kTotal, a, offsets, image + j0, c, qPad, false);
                }
            }

            j0 += narrow ? half : nr;
        }
    }

    /// <summary>
    /// rows x positions output (one plane per row) = A · im2col(image) (+ bias), built one
    /// packed 32-position panel at a time by <see cref="ConvPanels"/>: no discarded columns and
    /// no compaction pass. AVX-512 path only (NR = 32).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ConvolvePanels(float* packedA, int rows, int kTotal, int* offsets, float* image, int positions, int* table, float* panel, float* bias, bool relu, float* output)
    {
        int mr = TK.MR;
        int rowTiles = (rows + mr - 1) / mr;
        float* tile = panel + (nint)kTotal * 32;
        // Equal k-blocks of at most KC rows, so a block of the panel stays in L1 across the row tiles.
        int kBlocks = (kTotal + KC - 1) / KC;
        int kcMax = (kTotal + kBlocks - 1) / kBlocks;
        for (int q0 = 0; q0 < positions; q0 += 32)
        {
            int cols = Math.Min(32, positions - q0);
            ConvPanels.Build(image, offsets, kTotal, table + q0 / 32 * ConvPanels.TableStride, panel);
            for (int pc = 0; pc < kTotal; pc += kcMax)
            {
                int kc = Math.Min(kcMax, kTotal - pc);
                bool add = pc > 0;
                for (int t = 0; t < rowTiles; t++)
                {
                    int r0 = t * mr;
                    int n = Math.Min(mr, rows - r0);
                    float* a = packedA + ((nint)t * kTotal + pc) * mr;
                    float* c = output + (nint)r0 * positions + q0;
                    if (n == mr && cols == 32)
                    {
                        TK.StridedA(kc, a, mr, panel + (nint)pc * 32, 32, c, positions, add);
                    }
                    else
                    {
                        TK.StridedA(kc, a, mr, panel + (nint)pc * 32, 32, tile, 32, false);
                        GemmPacking.MergeTile(tile, 32, c, positions, n, cols, add);
                    }
                }
            }
        }

        // Bias and activation while the image's output is still in L1/L2.
        if (bias != null)
        {
            for (int f = 0; f < rows; f++)
            {
                ConvMemory.AddBias(output + (nint)f * positions, positions, bias[f], relu);
            }
        }
    }

    /// <summary>One image: output (F x OH x OW) = W ⊛ input + bias, then ReLU when <paramref name="relu"/>.</summary>
    public static void ForwardImage(in ConvPlan p, bool panels, float* input, float* output, float* bias, bool relu, float* shared, float* slice)
    {
        ConvShape s = p.S;
        float* xp = slice + p.Xp;
        float* wide = slice + p.Wide;
        ConvMemory.Pad(input, null, s.Channels, s.Height, s.Width, s.Pad, p.PW, xp, p.NR + s.KernelSize + 16);
        if (panels)
        {
            ConvolvePanels(shared + p.PackedW, s.Filters, p.Patch, (int*)(shared + p.OffsetsF), xp, p.OH * p.OW,
                (int*)(shared + p.PanelTableF), slice + p.Panel, bias, relu, output);
            return;
        }

        Convolve(shared + p.PackedW, p.FRows / p.MR, p.Patch, (int*)(shared + p.OffsetsF), xp, p.QPad, wide);
        ConvMemory.Compact(wide, p.QPad, s.Filters, p.OH, p.OW, p.PW, bias, relu, output);
    }

    /// <summary>
    /// One image's input gradient (C x H x W): the output gradient, padded by K−1−P, convolved
    /// with the flipped weights. A non-null <paramref name="reluOutput"/> gates the output
    /// gradient as it is padded (a fused ReLU's backward pass).
    /// </summary>
    public static void InputGradientImage(in ConvPlan p, bool panels, float* outputGradient, float* reluOutput, float* inputGradient, float* shared, float* slice)
    {
        ConvShape s = p.S;
        float* dp = slice + p.Dp;
        float* wide = slice + p.Wide;
        ConvMemory.Pad(outputGradient, reluOutput, s.Filters, p.OH, p.OW, p.BPad, p.BPW, dp, p.NR + s.KernelSize + 16);
        if (panels)
        {
            ConvolvePanels(shared + p.PackedWFlip, s.Channels, s.Filters * p.K2, (int*)(shared + p.OffsetsB), dp, s.Height * s.Width,
                (int*)(shared + p.PanelTableB), slice + p.Panel, null, false, inputGradient);
            return;
        }

        Convolve(shared + p.PackedWFlip, p.CRows / p.MR, s.Filters * p.K2, (int*)(shared + p.OffsetsB), dp, p.BQPad, wide);
        ConvMemory.Compact(wide, p.BQPad, s.Channels, s.Height, s.Width, p.BPW, null, false, inputGradient);
    }

    /// <summary>
    /// Adds one image's weight gradient, transposed, to <paramref name="gradWT"/> (PatchRows x
    /// FCols): gradWT[r][f] += Σ_q X[r][q] · dY[f][q] over the wide positions q, where row r of
    /// the im2col matrix X is read in place from the padded input and dY is the output
    /// gradient expanded to the wide grid (zero at the discarded columns) and packed into panels.
    /// The same pass over dY adds its per-filter sums to <paramref name="gradB"/> and, when
    /// <paramref name="reluOutput"/> is not null, applies a fused ReLU's backward gate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightGradientImage(in ConvPlan p, bool avx512, float* input, float* outputGradient, float* reluOutput, float* gradWT, float* gradB, float* shared, float* slice)
    {
        ConvShape s = p.S;
        int mr = TK.MR;
        int nr = TK.NR;
        int half = nr / 2;
        int q = p.Q;
        float* xp = slice + p.Xp;
        float* wide = slice + p.Wide;
        float* packed = slice + p.DoutT;
        int* offsets = (int*)(shared + p.OffsetsF);

        ConvMemory.Pad(input, null, s.Channels, s.Height, s.Width, s.Pad, p.PW, xp, p.NR + s.KernelSize + 16);
        ConvGradientRows.Expand(outputGradient, reluOutput, s.Filters, p.OH, p.OW, p.PW, wide, q, gradB);
        // Panel at filter f0 of width w holds dY transposed, q x w, at packed + f0 · Q.
        for (int f0 = 0; f0 < p.FCols;)
        {
            int w = p.FCols - f0 <= half ? half : nr;
            BlockTranspose.Pack(avx512, wide + (nint)f0 * q, q, Math.Min(w, s.Filters - f0), q, packed + (nint)f0 * q, w);
            f0 += w;
        }

        float** rows = stackalloc float*[mr];
        for (int pc = 0; pc < q; pc += KC)
        {
            int kc = Math.Min(KC, q - pc);
            for (int r0 = 0; r0 < p.Patch; r0 += mr)
            {
                // Rows past the patch repeat the last one; they land in the padding rows of gradWT.
                for (int i = 0; i < mr; i++)
                {
                    rows[i] = xp + offsets[Math.Min(r0 + i, p.Patch - 1)] + pc;
                }

                for (int f0 = 0; f0 < p.FCols;)
                {
                    bool narrow = p.FCols - f0 <= half;
                    float* panel = packed + (nint)f0 * q + (nint)pc * (narrow ? half : nr);
                    float* c = gradWT + (nint)r0 * p.FCols + f0;
                    if (narrow)
                    {
                        TK.RowsANarrow(kc, rows, panel, half, c, p.FCols, true);
                        f0 += half;
                    }
                    else
                    {
                        TK.RowsA(kc, rows, panel, nr, c, p.FCols, true);
                        f0 += nr;
                    }
                }
            }
        }
    }
}
