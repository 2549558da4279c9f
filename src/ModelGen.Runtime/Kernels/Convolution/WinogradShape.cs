namespace ModelGen.Kernels;

/// <summary>
/// The geometry of one 3 x 3, stride-1 convolution computed with Winograd's F(2 x 2, 3 x 3)
/// (<see cref="ConvWinograd{TK}"/>): the output is cut into 2 x 2 tiles, each read from a 4 x 4
/// tile of the padded input; the tiles are numbered row by row, t = ty · TW + tx. Sizes of the
/// per-image buffers are in floats.
/// </summary>
internal readonly struct WinogradShape
{
    /// <summary>
    /// Channels in and out must be at least this many: with one input channel (a first layer)
    /// the transforms cost more than the multiplications they save.
    /// </summary>
    public const int MinChannels = 4;

    public readonly int InChannels, Height, Width, Pad, OutChannels, OutRows;
    public readonly int OH, OW, TH, TW, Tiles, TilesPad;

    /// <summary>Row stride of the transformed input V and of the products M: at least Tiles + 7, so the 8-lane transforms may run past the last tile.</summary>
    public readonly int VStride;

    /// <summary>Floats from one of the 16 V (or M) matrices to the next (<see cref="MatrixSpacing"/>).</summary>
    public readonly int VMatrix, MMatrix;

    /// <summary>Rows and row stride of the staged input: each padded row split into its even and odd columns.</summary>
    public readonly int StageRows, StageStride;

    public WinogradShape(int inChannels, int height, int width, int pad, int outChannels, int mr, int nr)
    {
        InChannels = inChannels;
        Height = height;
        Width = width;
        Pad = pad;
        OutChannels = outChannels;
        OutRows = (outChannels + mr - 1) / mr * mr;
        OH = height + 2 * pad - 2;
        OW = width + 2 * pad - 2;
        TH = (OH + 1) / 2;
        TW = (OW + 1) / 2;
        Tiles = TH * TW;
        TilesPad = ConvPlan.PanelRound(Tiles, nr);
        VStride = RoundUp(Math.Max(TilesPad, Tiles + 7), 8);
        VMatrix = MatrixSpacing.Apart(InChannels * VStride);
        MMatrix = MatrixSpacing.Apart(OutRows * VStride);
        StageRows = 2 * TH + 2;
        StageStride = RoundUp(TW + 9, 8);
    }

    /// <summary>Whether Winograd can run a layer with these channel counts (3 x 3, stride 1 checked by the caller).</summary>
    public static bool Fits(int inChannels, int outChannels) => inChannels >= MinChannels && outChannels >= MinChannels;

    /// <summary>
    /// Whether Winograd is expected to be faster than the direct convolution on this path and
    /// CPU. It saves multiplications in proportion to in·out channels and pays for its
    /// transforms in proportion to in + out, so it wins once in·out / (in + out) (half the
    /// harmonic mean) is large enough. Measured per DeepConvNet layer, 2 threads, batch 100:
    /// on an Intel Xeon (Emerald Rapids) with AVX-512 the direct kernels run fast enough that
    /// Winograd lost on 16 -> 16 and 16 -> 32 (ratio 8 and 10.7) and won from 32 -> 32 (16) up;
    /// on AVX2 it won on every layer, from 16 -> 16 (8) up; on an AMD EPYC (Zen 5, family 26)
    /// with AVX-512 it won on every layer too (16 -> 16: forward 1.56 -> 1.29 ms, backward
    /// 3.41 -> 2.85 ms). Zen 4 was not measured; it runs 512-bit FMAs on 256-bit units, which
    /// makes its direct AVX-512 kernels no faster than AVX2's, where Winograd already pays from
    /// 16 -> 16, so it shares the AMD rule.
    /// </summary>
    public static bool Pays(GemmPath path, int inChannels, int outChannels) =>
        Pays(path, inChannels, outChannels, CpuVendor.IsIntel);

    /// <summary><see cref="Pays(GemmPath, int, int)"/> for a CPU that is (or is not) Intel's.</summary>
    internal static bool Pays(GemmPath path, int inChannels, int outChannels, bool intel) =>
        inChannels * outChannels >= MinRatio(path, intel) * (inChannels + outChannels);

    /// <summary>The least in·out / (in + out) at which Winograd pays: 12 on Intel's AVX-512 cores, 4 elsewhere.</summary>
    private static int MinRatio(GemmPath path, bool intel) => path == GemmPath.Avx512 && intel ? 12 : 4;

    /// <summary>The staged input: an even-column and an odd-column plane per channel.</summary>
    public int StageFloats => 2 * InChannels * StageRows * StageStride;

    /// <summary>V: 16 matrices of InChannels x VStride, <see cref="VMatrix"/> apart.</summary>
    public int VFloats => 16 * VMatrix;

    /// <summary>M: 16 matrices of OutRows x VStride, <see cref="MMatrix"/> apart.</summary>
    public int MFloats => 16 * MMatrix;

    /// <summary>U: 16 matrices of OutRows x InChannels in MR-row tiles, <see cref="PackedMatrix"/> apart.</summary>
    public int PackedFloats => 16 * PackedMatrix;

    /// <summary>Floats from one packed U matrix to the next (<see cref="MatrixSpacing"/>).</summary>
    public int PackedMatrix => MatrixSpacing.Apart(OutRows * InChannels);

    private static int RoundUp(int n, int m) => (n + m - 1) / m * m;
}

/// <summary>Whether a convolution call may, must or must not use Winograd where it fits.</summary>
internal enum WinogradMode
{
    /// <summary>Always the direct convolution.</summary>
    Never,

    /// <summary>Winograd where it fits and <see cref="WinogradShape.Pays(GemmPath, int, int)"/> (the public API's default).</summary>
    Auto,

    /// <summary>Winograd wherever it fits (tests).</summary>
    Always,
}
