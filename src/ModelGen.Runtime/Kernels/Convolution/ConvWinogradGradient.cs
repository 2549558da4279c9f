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
    /// <summary>Zeroes the participant's channel-last buffers: their padding is never written after this.</summary>
    public static void BeginChunk(in ConvPlan p, float* slice)
    {
        ConvMemory.Zero(slice + p.WgXc, p.WG.XcFloats);
        ConvMemory.Zero(slice + p.WgYc, p.WG.YcFloats);
    }

    /// <summary>
    /// Adds one image: its output gradient (gated by <paramref name="gate"/> when not null) is
    /// summed into <paramref name="gradB"/>, and its transformed tiles join the block, which is
    /// multiplied into the chunk's dU (<paramref name="gradDU"/>) once no further image fits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddImage(GemmPath path, in ConvPlan p, float* x, float* dy, float* gate, float* gradDU, float* gradB, float* slice, ref WinogradBlock block)
    {
        ConvShape s = p.S;
        WinogradGradientShape g = p.WG;
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
        if (p.OW == g.YWidth)
        {
            BlockTranspose.Transpose(avx512, src, plane, s.Filters, plane, yc, g.FS);
        }
        else
        {
            for (int y = 0; y < p.OH; y++)
            {
                BlockTranspose.Transpose(avx512, src + (nint)y * p.OW, plane, s.Filters, p.OW, yc + (nint)y * g.YWidth * g.FS, g.FS);
            }
        }

        for (int y = 0; y < s.Height; y++)
        {
            BlockTranspose.Transpose(avx512, x + (nint)y * s.Width, s.Height * s.Width, s.Channels, s.Width, xc + ((nint)(y + s.Pad) * g.XWidth + s.Pad) * g.CS, g.CS);
        }

        int m = g.Tile;
        nint yRow = (nint)g.YWidth * g.FS, xRow = (nint)g.XWidth * g.CS;
        float* mt = slice + p.WgMT + (nint)block.Images * g.Tiles * g.FS;
        float* vt = slice + p.WgVT + (nint)block.Images * g.Tiles * g.CS;
        for (int ty = 0; ty < g.TH; ty++)
        {
            for (int tx = 0; tx < g.TW; tx++)
            {
                float* yTile = yc + m * (ty * yRow + (nint)tx * g.FS);
                float* xTile = xc + m * (ty * xRow + (nint)tx * g.CS);
                if (m == 4)
                {
                    WinogradGradientTransforms.OutputGradientTile4(yTile, yRow, g.FS, mt, g.MTMatrix);
                    WinogradGradientTransforms.InputTile4(xTile, xRow, g.CS, vt, g.VTMatrix);
                }
                else
                {
                    WinogradGradientTransforms.OutputGradientTile(yTile, yRow, g.FS, mt, g.MTMatrix);
                    WinogradGradientTransforms.InputTile(xTile, xRow, g.CS, vt, g.VTMatrix);
                }

                mt += g.FS;
                vt += g.CS;
            }
        }

        if (++block.Images == g.Images)
        {
            Flush(path, p, gradDU, slice, ref block);
        }
    }

    /// <summary>Multiplies the block's tiles into dU (stored by the chunk's first block, added after it) and empties the block.</summary>
    public static void Flush(GemmPath path, in ConvPlan p, float* gradDU, float* slice, ref WinogradBlock block)
    {
        if (block.Images == 0)
        {
            return;
        }

        WinogradGradientShape g = p.WG;
        int k = block.Images * g.Tiles;
        if (p.FRows > g.FS)
        {
            // The last row tile reads FRows − FS floats past the last tile's filters. What it
            // reads lands in dU rows that are never used, but stale floats there could be
            // denormals, which slow the multiplications down: zeros.
            for (int xi = 0; xi < g.Products; xi++)
            {
                ConvMemory.Zero(slice + p.WgMT + (nint)xi * g.MTMatrix + (nint)k * g.FS, p.FRows - g.FS);
            }
        }

        if (path == GemmPath.Avx512)
        {
            Products<GemmKernel512>(p, slice + p.WgMT, slice + p.WgVT, k, gradDU, block.Started);
        }
        else
        {
            Products<GemmKernel256>(p, slice + p.WgMT, slice + p.WgVT, k, gradDU, block.Started);
        }

        block = new WinogradBlock { Started = true };
    }

    /// <summary>dU_ξ (+)= MTᵀ_ξ · VT_ξ over k tiles, for every product ξ (FRows x CS each, row stride CS).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Products<TK>(in ConvPlan p, float* mt, float* vt, int k, float* du, bool add) where TK : struct, IGemmKernel
    {
        WinogradGradientShape g = p.WG;
        int mr = TK.MR, nr = TK.NR, half = nr / 2, cs = g.CS, fs = g.FS;
        int rowTiles = p.FRows / mr;
        for (int xi = 0; xi < g.Products; xi++)
        {
            float* a = mt + (nint)xi * g.MTMatrix;
            float* b = vt + (nint)xi * g.VTMatrix;
            float* c = du + (nint)xi * g.DUMatrix;
            for (int j = 0; j < cs;)
            {
                // PanelRound leaves whole panels and at most one narrow one at the end.
                bool narrow = cs - j <= half;
                for (int t = 0; t < rowTiles; t++)
                {
                    if (narrow)
                    {
                        TK.StridedANarrow(k, a + t * mr, fs, b + j, cs, c + (nint)t * mr * cs + j, cs, add);
                    }
                    else
                    {
                        TK.StridedA(k, a + t * mr, fs, b + j, cs, c + (nint)t * mr * cs + j, cs, add);
                    }
                }

                j += narrow ? half : nr;
            }
        }
    }
}

/// <summary>
/// A gradient chunk's progress through <see cref="ConvWinogradGradient"/>: images in the
/// current block of tiles, and whether dU holds sums yet (the chunk's first product stores
/// them, so dU needs no zeroing; the rest add).
/// </summary>
internal struct WinogradBlock
{
    public int Images;
    public bool Started;
}
