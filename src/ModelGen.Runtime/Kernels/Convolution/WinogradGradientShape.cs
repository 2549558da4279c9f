namespace ModelGen.Kernels;

/// <summary>
/// The geometry of one layer's Winograd weight gradient (<see cref="ConvWinogradGradient"/>):
/// F(m x m, 3 x 3) run backwards with output tiles of <see cref="Tile"/> = m (2 or 4) and
/// input tiles of <see cref="Alpha"/> = m + 2, so <see cref="Products"/> = α² matrix products.
/// Channel counts are padded for the transforms' 8-lane vectors and the micro-kernel's tiles;
/// sizes are in floats.
/// </summary>
internal readonly struct WinogradGradientShape
{
    /// <summary>Floats of transformed tiles (both operands, every matrix) per block: about 384 KB, to stay in a 512 KB L2.</summary>
    public const int BlockFloats = 96 * 1024;

    public readonly int Tile, Alpha, Products;

    /// <summary>Tile rows and columns (the output rounded up to whole tiles) and tiles per image.</summary>
    public readonly int TH, TW, Tiles;

    /// <summary>
    /// Row lengths of the transformed output gradient (filters, a multiple of 8: the micro-kernel's
    /// A operand) and of the transformed input (channels in whole or narrow panels: its B operand).
    /// </summary>
    public readonly int FS, CS;

    /// <summary>Images whose tiles are stacked into one block before the products.</summary>
    public readonly int Images;

    /// <summary>Floats from one transformed output-gradient, input or dU matrix to the next.</summary>
    public readonly int MTMatrix, VTMatrix, DUMatrix;

    /// <summary>Row widths, in positions, of the channel-last output gradient and the padded input.</summary>
    public readonly int YWidth, XWidth;

    public WinogradGradientShape(int tile, in ConvShape s, int oh, int ow, int filterRows, int nr, int batch)
    {
        Tile = tile;
        Alpha = tile + 2;
        Products = Alpha * Alpha;
        TH = (oh + tile - 1) / tile;
        TW = (ow + tile - 1) / tile;
        Tiles = TH * TW;
        FS = RoundUp(s.Filters, 8);
        CS = ConvPlan.PanelRound(s.Channels, nr);
        Images = Math.Clamp(BlockFloats / (Products * Tiles * (FS + CS)), 1, Math.Max(batch, 1));

        // A reads MR filters per row tile: where MR does not divide the filters (AVX2's 6), the
        // last row tile's rows past them read the next tile's first filters (past the last
        // tile: the slack after the matrix) and land in rows of dU that are never read.
        MTMatrix = Images * Tiles * FS + Math.Max(16, RoundUp(filterRows - FS, 16));
        VTMatrix = MatrixSpacing.Apart(Images * Tiles * CS);
        DUMatrix = MatrixSpacing.Apart(filterRows * CS); // the filter transform reads all α² of a pair at once
        YWidth = tile * TW;
        XWidth = tile * TW + 2;
        YcFloats = tile * TH * YWidth * FS;
        XcFloats = (tile * TH + 2) * XWidth * CS;
    }

    /// <summary>The channel-last output gradient: whole tiles, zero past the map.</summary>
    public int YcFloats { get; }

    /// <summary>The channel-last input: padded, to whole tiles plus the 2-position overlap.</summary>
    public int XcFloats { get; }

    /// <summary>The partial dU of one gradient chunk: one FRows x CS matrix per product.</summary>
    public int ChunkFloats => Products * DUMatrix;

    /// <summary>
    /// The tile size for a map of oh x ow outputs: F(4 x 4, 3 x 3) does 2.25 multiplications
    /// per output and filter-channel pair where F(2 x 2, 3 x 3) does 4, but its transforms cost
    /// more per output, and a map that does not divide into 4 x 4 tiles pays for the unused
    /// part of its last ones. Measured on DeepConvNet (2 threads): F(4 x 4) took 17-22% less
    /// time on the 28 x 28 and 16 x 16 maps with AVX2, 7-11% on 8 x 8, and the same as
    /// F(2 x 2) on 14 x 14 (whose last tiles are half empty); on AVX-512, 2-11% less.
    /// </summary>
    public static int TileFor(int oh, int ow) => oh % 4 == 0 && ow % 4 == 0 ? 4 : 2;

    private static int RoundUp(int n, int m) => (n + m - 1) / m * m;
}
