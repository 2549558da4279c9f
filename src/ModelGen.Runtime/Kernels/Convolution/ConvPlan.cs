namespace ModelGen.Kernels;

/// <summary>
/// How one convolution layer is computed on one SIMD path, and where each buffer lives in the
/// caller's workspace (in floats). Everything derives from the shape and path, so Forward,
/// Backward and WorkspaceSize agree.
/// </summary>
/// <remarks>
/// Stride 1 uses implicit GEMM: the input is copied once into a zero-padded image Xp, and row
/// (c, ky, kx) of the im2col matrix is then just Xp shifted by c·PH·PW + ky·PW + kx, read in
/// place by the micro-kernel through an offset table. Outputs are computed on the "wide" grid
/// of OH x PW positions (the PW − OW extra columns per row are discarded), which keeps every
/// shifted row contiguous. The input gradient of a stride-1 layer is itself such a
/// convolution: of the output gradient padded by K−1−P, with the weights flipped and their
/// filter and channel axes swapped. Other strides fall back to explicit im2col + GEMM.
/// 3 x 3 stride-1 layers with at least <see cref="WinogradShape.MinChannels"/> channels in and
/// out run both of those convolutions with Winograd's F(2 x 2, 3 x 3) instead
/// (<see cref="ConvWinograd{TK}"/>) on the AVX2 and AVX-512 paths, unless the caller asks for
/// the direct convolution, and their weight gradient with the same algorithm run backwards
/// (<see cref="ConvWinogradGradient"/>). The workspace always has room for both, so its size
/// does not depend on that choice.
/// </remarks>
internal readonly struct ConvPlan
{
    /// <summary>
    /// Weight gradients are summed per fixed group of images into their own buffers, then the
    /// groups are added in order: bit-identical for any thread count.
    /// </summary>
    public const int MaxGradientChunks = 8;

    public readonly ConvShape S;
    public readonly int MR;
    public readonly int NR;
    public readonly bool Implicit;         // stride 1: forward and weight gradient without im2col
    public readonly bool ImplicitBackData; // stride 1 and pad ≤ K − 1: input gradient as a convolution
    public readonly int OH, OW, PH, PW;    // output and padded-input sizes
    public readonly int Q;                 // wide output positions, OH · PW (implicit) or OH · OW
    public readonly int QPad;              // Q rounded up to whole (full or narrow) panels
    public readonly int FRows;             // filters rounded up to MR
    public readonly int K2;                // KernelSize²
    public readonly int Patch;             // C · K²
    public readonly int PatchRows;         // Patch rounded up to MR
    public readonly int FCols;             // filters rounded up to gradient panel widths
    public readonly int BPad, BPH, BPW, BQ, BQPad, CRows; // input-gradient convolution geometry

    // Winograd F(2x2, 3x3): whether each convolution may use it here, whether this plan does,
    // and its geometry (forward: C -> F channels; input gradient: F -> C).
    public readonly bool WinogradForwardFits, WinogradBackFits, WinogradForward, WinogradBack, WinogradWeights;
    public readonly WinogradShape WF, WB;

    // The Winograd weight gradient's geometry (ConvWinogradGradient), where the forward fits.
    public readonly WinogradGradientShape WG;

    // Shared regions.
    public readonly int OffsetsF, OffsetsB, PanelTableF, PanelTableB, PackedW, PackedWFlip, PackedWB, GradW, GradB, SharedEnd;
    public readonly int GradWChunkSize;  // floats between gradient chunks (room for either algorithm)
    public readonly int GradWChunkFloats; // floats of one chunk this plan's algorithm uses

    // Per-participant regions (relative to the participant's slice).
    public readonly int Xp, Wide, Dp, DoutT, Col, Panel, Gated, Routed, PoolGated, WgStage, WgV, WgM, WgXc, WgYc, WgMT, WgVT, SliceSize;

    /// <param name="s">The layer.</param>
    /// <param name="path">The SIMD path whose micro-kernels run it.</param>
    /// <param name="batch">The most images a call passes.</param>
    /// <param name="winograd">Whether 3 x 3 stride-1 layers use Winograd where it fits.</param>
    public ConvPlan(in ConvShape s, GemmPath path, int batch, WinogradMode winograd = WinogradMode.Auto)
    {
        S = s;
        MR = GemmPaths.MR(path);
        NR = GemmPaths.NR(path);
        OH = s.OutHeight;
        OW = s.OutWidth;
        PH = s.Height + 2 * s.Pad;
        PW = s.Width + 2 * s.Pad;
        K2 = s.KernelSize * s.KernelSize;
        Patch = s.Channels * K2;
        Implicit = s.Stride == 1;
        ImplicitBackData = Implicit && s.Pad <= s.KernelSize - 1;
        Q = Implicit ? OH * PW : OH * OW;
        QPad = PanelRound(Q, NR);
        FRows = RoundUp(s.Filters, MR);
        PatchRows = RoundUp(Patch, MR);
        FCols = PanelRound(s.Filters, NR);
        BPad = s.KernelSize - 1 - s.Pad;
        BPH = OH + 2 * BPad;
        BPW = OW + 2 * BPad;
        BQ = s.Height * BPW;
        BQPad = PanelRound(BQ, NR);
        CRows = RoundUp(s.Channels, MR);
        int slack = NR + s.KernelSize + 16; // implicit reads run up to one panel past the image

        // The transforms are 256-bit code: the AVX2 and AVX-512 paths have it, the portable one not.
        bool winogradPath = path != GemmPath.Portable && System.Runtime.Intrinsics.X86.Avx2.IsSupported;
        bool threeByThree = Implicit && s.KernelSize == 3 && s.Pad <= 2 && winogradPath;
        WinogradForwardFits = threeByThree && WinogradShape.Fits(s.Channels, s.Filters);
        WinogradBackFits = threeByThree && ImplicitBackData && WinogradShape.Fits(s.Filters, s.Channels);
        bool use = winograd == WinogradMode.Always || (winograd == WinogradMode.Auto && WinogradShape.Pays(path, s.Channels, s.Filters));
        WinogradForward = use && WinogradForwardFits;
        WinogradBack = use && WinogradBackFits;
        WinogradWeights = use && WinogradForwardFits;
        WF = WinogradForwardFits ? new WinogradShape(s.Channels, s.Height, s.Width, s.Pad, s.Filters, MR, NR) : default;
        WB = WinogradBackFits ? new WinogradShape(s.Filters, OH, OW, BPad, s.Channels, MR, NR) : default;
        WG = WinogradForwardFits ? new WinogradGradientShape(WinogradGradientShape.TileFor(OH, OW), s, OH, OW, FRows, NR, batch) : default;

        int at = 0;
        OffsetsF = Take(ref at, Patch);
        OffsetsB = Take(ref at, ImplicitBackData ? s.Filters * K2 : 0);
        PanelTableF = Take(ref at, Implicit ? (OH * OW + 31) / 32 * ConvPanels.TableStride : 0);
        PanelTableB = Take(ref at, ImplicitBackData ? (s.Height * s.Width + 31) / 32 * ConvPanels.TableStride : 0);
        PackedW = Take(ref at, Implicit ? FRows * Patch : 0);
        PackedWFlip = Take(ref at, ImplicitBackData ? CRows * s.Filters * K2 : 0);
        // (Winograd's forward filters live in PackedFilterCache, kept between calls.)
        PackedWB = Take(ref at, WinogradBackFits ? WB.PackedFloats : 0);
        int directChunk = Implicit ? PatchRows * FCols : Patch * s.Filters;
        GradWChunkFloats = WinogradWeights ? WG.ChunkFloats : directChunk;
        GradWChunkSize = Math.Max(directChunk, WinogradForwardFits ? WG.ChunkFloats : 0);
        GradW = Take(ref at, Math.Min(MaxGradientChunks, Math.Max(batch, 1)) * GradWChunkSize);
        GradB = Take(ref at, Math.Min(MaxGradientChunks, Math.Max(batch, 1)) * s.Filters);
        SharedEnd = at;

        int slice = 0;
        Xp = Take(ref slice, Implicit ? s.Channels * PH * PW + slack : 0);
        // Wide holds the wide output (forward), the wide input gradient, and the output
        // gradient expanded to the wide grid (weight gradient), one after the other.
        Wide = Take(ref slice, Implicit ? Math.Max(FRows * QPad, ImplicitBackData ? CRows * BQPad : 0) : 0);
        Dp = Take(ref slice, ImplicitBackData ? s.Filters * BPH * BPW + slack : 0);
        DoutT = Take(ref slice, Implicit ? Q * FCols : 0);
        Col = Take(ref slice, Implicit && ImplicitBackData ? 0 : Patch * OH * OW);
        // One packed im2col panel (32 positions x every im2col row) plus an MR x 32 edge tile.
        Panel = Take(ref slice, Implicit ? (Math.Max(Patch, ImplicitBackData ? s.Filters * K2 : 0) + MR) * 32 : 0);
        // The output gradient passed through a fused ReLU's gate, for the GEMMs that read dY in
        // place (im2col weight or input gradient); the implicit paths gate it while padding.
        Gated = Take(ref slice, Implicit && ImplicitBackData ? 0 : s.OutputSize);
        // A max pool fused into the convolution (FusedMaxPool): one image's output before it is
        // pooled (forward) or its output gradient routed from the pooled one (backward), and
        // the gated pooled gradient (at most as large).
        Routed = Take(ref slice, s.OutputSize);
        PoolGated = Take(ref slice, s.OutputSize);
        // Winograd's staged input, V and M, for whichever of the two convolutions is larger.
        WgStage = Take(ref slice, Math.Max(WinogradForwardFits ? WF.StageFloats : 0, WinogradBackFits ? WB.StageFloats : 0));
        WgV = Take(ref slice, Math.Max(WinogradForwardFits ? WF.VFloats : 0, WinogradBackFits ? WB.VFloats : 0));
        WgM = Take(ref slice, Math.Max(WinogradForwardFits ? WF.MFloats : 0, WinogradBackFits ? WB.MFloats : 0));
        // The weight gradient's channel-last input (padded, rows and columns to whole tiles)
        // and output gradient, and a block of transformed tiles of each.
        WgXc = Take(ref slice, WinogradForwardFits ? WG.XcFloats : 0);
        WgYc = Take(ref slice, WinogradForwardFits ? WG.YcFloats : 0);
        WgMT = Take(ref slice, WinogradForwardFits ? WG.Products * WG.MTMatrix : 0);
        WgVT = Take(ref slice, WinogradForwardFits ? WG.Products * WG.VTMatrix : 0);
        SliceSize = slice;
    }

    /// <summary>Floats for <paramref name="participants"/> slices, plus 16 to align the base to 64 bytes.</summary>
    public int WorkspaceFloats(int participants) => SharedEnd + participants * SliceSize + 16;

    /// <summary>How many participant slices fit in a workspace of <paramref name="length"/> floats.</summary>
    public int SlicesIn(int length) => SliceSize == 0 ? int.MaxValue : (length - SharedEnd - 16) / SliceSize;

    /// <summary>Rounds up to whole NR panels, except that a remainder of at most NR/2 takes a narrow panel.</summary>
    public static int PanelRound(int n, int nr)
    {
        int full = n / nr * nr;
        int rest = n - full;
        return rest == 0 ? full : full + (rest <= nr / 2 ? nr / 2 : nr);
    }

    private static int RoundUp(int n, int m) => (n + m - 1) / m * m;

    // Regions start on 16-float (64-byte) boundaries, like the aligned workspace base.
    private static int Take(ref int at, int floats)
    {
        int start = at;
        at += RoundUp(floats, 16);
        return start;
    }
}
