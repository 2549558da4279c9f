using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// The weight gradient of a 3 x 3, stride-1 convolution through Winograd's F(2 x 2, 3 x 3),
/// run backwards. The forward pass computes each 2 x 2 output tile as Y = Aᵀ [U ⊙ V] A with
/// U = G g Gᵀ and V = Bᵀ d B (<see cref="WinogradTransforms"/>), so by the chain rule
/// <code>
///   dU_ξ[f][c] = Σ over images and tiles of  (A dY Aᵀ)_ξ[f] · (Bᵀ d B)_ξ[c]     ξ = 0 .. 15
///   dW[f][c]   = Gᵀ dU[f][c] G
/// </code>
/// The 16 sums are matrix products over the tiles: FRows x tiles times tiles x channels, 4
/// multiplications per output position and filter-channel pair where the direct weight
/// gradient does 9. In exact arithmetic this is the direct gradient; in float32 the sums are
/// regrouped, like the forward pass's.
/// </summary>
/// <remarks>
/// Each image is turned channel-last (input zero-padded, output gradient gated by a fused
/// ReLU), and its tiles are transformed with one vector lane per channel, straight into the
/// tile-major rows the micro-kernel reads: the transformed output gradient is its A operand
/// (A(f, t) = mt[t · FS + f]), the transformed input its B operand. Tiles of several images
/// are stacked before each product, so the small maps of late layers (16 tiles) still give
/// the kernel long sums. A gradient chunk's images always form the same blocks in the same
/// order, so the result does not depend on the thread count.
/// </remarks>
internal static unsafe class ConvWinogradGradient
{
    /// <summary>Floats of transformed tiles (both operands, all 16 matrices) per block: about 384 KB, to stay in a 512 KB L2.</summary>
    public const int BlockFloats = 96 * 1024;

    /// <summary>Zeroes the participant's channel-last buffers: their padding is never written after this.</summary>
    public static void BeginChunk(in ConvPlan p, float* slice)
    {
        WinogradShape w = p.WF;
        ConvMemory.Zero(slice + p.WgXc, (2 * w.TH + 2) * (2 * w.TW + 2) * p.WgCS);
        ConvMemory.Zero(slice + p.WgYc, 2 * w.TH * 2 * w.TW * p.WgFS);
    }

    /// <summary>
    /// Adds one image: its output gradient (gated by <paramref name="gate"/> when not null) is
    /// summed into <paramref name="gradB"/>, and its transformed tiles join the block, which is
    /// multiplied into the chunk's dU (<paramref name="gradDU"/>) once no further image fits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddImage(GemmPath path, in ConvPlan p, float* x, float* dy, float* gate, float* gradDU, float* gradB, float* slice, ref int images)
    {
        ConvShape s = p.S;
        WinogradShape w = p.WF;
        bool avx512 = path == GemmPath.Avx512 && Avx512F.IsSupported;
        int plane = p.OH * p.OW;

        // Gate and sum dY in one pass (the direct path's order, so the bias gradient keeps its bits).
        float* src = dy;
        if (gate != null)
        {
            src = slice + p.PoolGated;
            ConvGradientRows.Expand(dy, gate, s.Filters, p.OH, p.OW, p.OW, src, plane, gradB);
        }
        else
        {
            ConvGradientRows.Expand(dy, null, s.Filters, p.OH, p.OW, p.OW, null, plane, gradB);
        }

        // Channel-last copies: dY rows at the top left of whole tiles, x inside its padding.
        float* yc = slice + p.WgYc, xc = slice + p.WgXc;
        int yWidth = 2 * w.TW, xWidth = 2 * w.TW + 2;
        if (p.OW == yWidth)
        {
            BlockTranspose.Transpose(avx512, src, plane, s.Filters, plane, yc, p.WgFS);
        }
        else
        {
            for (int y = 0; y < p.OH; y++)
            {
                BlockTranspose.Transpose(avx512, src + (nint)y * p.OW, plane, s.Filters, p.OW, yc + (nint)y * yWidth * p.WgFS, p.WgFS);
            }
        }

        for (int y = 0; y < s.Height; y++)
        {
            BlockTranspose.Transpose(avx512, x + (nint)y * s.Width, s.Height * s.Width, s.Channels, s.Width, xc + ((nint)(y + s.Pad) * xWidth + s.Pad) * p.WgCS, p.WgCS);
        }

        int k0 = images * w.Tiles;
        float* mt = slice + p.WgMT, vt = slice + p.WgVT;
        for (int ty = 0; ty < w.TH; ty++)
        {
            for (int tx = 0; tx < w.TW; tx++)
            {
                int k = k0 + ty * w.TW + tx;
                WinogradGradientTransforms.OutputGradientTile(yc + ((nint)2 * ty * yWidth + 2 * tx) * p.WgFS, (nint)yWidth * p.WgFS, p.WgFS, mt + (nint)k * p.WgFS, p.WgMTMatrix);
                WinogradGradientTransforms.InputTile(xc + ((nint)2 * ty * xWidth + 2 * tx) * p.WgCS, (nint)xWidth * p.WgCS, p.WgCS, vt + (nint)k * p.WgCS, p.WgVTMatrix);
            }
        }

        if (++images == p.WgImages)
        {
            Flush(path, p, gradDU, slice, ref images);
        }
    }

    /// <summary>Multiplies the block's tiles into dU and empties the block.</summary>
    public static void Flush(GemmPath path, in ConvPlan p, float* gradDU, float* slice, ref int images)
    {
        if (images == 0)
        {
            return;
        }

        int k = images * p.WF.Tiles;
        if (p.FRows > p.WgFS)
        {
            // The last row tile reads FRows − FS floats past the last tile's filters. What it
            // reads lands in dU rows that are never used, but stale floats there could be
            // denormals, which slow the multiplications down: zeros.
            for (int xi = 0; xi < 16; xi++)
            {
                ConvMemory.Zero(slice + p.WgMT + (nint)xi * p.WgMTMatrix + (nint)k * p.WgFS, p.FRows - p.WgFS);
            }
        }

        if (path == GemmPath.Avx512)
        {
            Products<GemmKernel512>(p, slice + p.WgMT, slice + p.WgVT, k, gradDU);
        }
        else
        {
            Products<GemmKernel256>(p, slice + p.WgMT, slice + p.WgVT, k, gradDU);
        }

        images = 0;
    }

    /// <summary>dU_ξ += MTᵀ_ξ · VT_ξ over k tiles, for ξ = 0 .. 15 (FRows x CS each, row stride CS).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Products<TK>(in ConvPlan p, float* mt, float* vt, int k, float* du) where TK : struct, IGemmKernel
    {
        int mr = TK.MR, nr = TK.NR, half = nr / 2, cs = p.WgCS, fs = p.WgFS;
        int rowTiles = p.FRows / mr;
        for (int xi = 0; xi < 16; xi++)
        {
            float* a = mt + (nint)xi * p.WgMTMatrix;
            float* b = vt + (nint)xi * p.WgVTMatrix;
            float* c = du + (nint)xi * p.WgDUMatrix;
            for (int j = 0; j < cs;)
            {
                // PanelRound leaves whole panels and at most one narrow one at the end.
                bool narrow = cs - j <= half;
                for (int t = 0; t < rowTiles; t++)
                {
                    if (narrow)
                    {
                        TK.StridedANarrow(k, a + t * mr, fs, b + j, cs, c + (nint)t * mr * cs + j, cs, true);
                    }
                    else
                    {
                        TK.StridedA(k, a + t * mr, fs, b + j, cs, c + (nint)t * mr * cs + j, cs, true);
                    }
                }

                j += narrow ? half : nr;
            }
        }
    }
}
