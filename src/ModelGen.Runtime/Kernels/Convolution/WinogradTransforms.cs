using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// The three transforms of Winograd's F(2 x 2, 3 x 3) (Lavin and Gray, "Fast Algorithms for
/// Convolutional Neural Networks", 2016): Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d Bᵀᵀ) ] A for a 4 x 4 input
/// tile d, a 3 x 3 filter g and a 2 x 2 output tile Y, with
/// <code>
///   Bᵀ = | 1  0 -1  0 |    G = | 1    0    0  |    Aᵀ = | 1  1  1  0 |
///        | 0  1  1  0 |        | ½    ½    ½  |         | 0  1 -1 -1 |
///        | 0 -1  1  0 |        | ½   -½    ½  |
///        | 0  1  0 -1 |        | 0    0    1  |
/// </code>
/// The 16 products per tile become 16 matrix products over the channels (ConvWinograd). The
/// input and output transforms work on 8 tiles at a time in 256-bit vectors, one lane per
/// tile, on the AVX2 and AVX-512 paths alike (they are a small share of the time, and 8 lanes
/// fit the narrow tile rows of small maps better than 16).
/// </summary>
/// <remarks>
/// Every tile is computed by the same sequence of operations wherever it sits in a vector, so
/// the results depend on the shape only, never on the thread count. Additions run in the
/// order written, without FMA contraction.
/// </remarks>
internal static unsafe class WinogradTransforms
{
    /// <summary>
    /// U = G g Gᵀ for every (out, in) filter pair, computed in double and rounded once, packed
    /// for the micro-kernel's A operand: matrix ξ = 4i + j is OutRows x InChannels in MR-row
    /// tiles (element (o, c) at ξ·PackedMatrix + (o / MR)·MR·InChannels + c·MR + o % MR);
    /// rows past OutChannels are zero. <paramref name="flipped"/> builds the filters of the
    /// input-gradient convolution: out channel c, in channel f, g = W[f][c] rotated by 180°.
    /// </summary>
    /// <remarks>
    /// This runs on every call, before the images (a single-image inference pays it whole), so
    /// it works on a tile of MR out channels at a time, one per vector lane, and writes each
    /// packed row (MR floats of one ξ, one in channel) at once: element by element it cost
    /// 450 µs per DeepConvNet forward pass, most of it cache misses on the scattered stores.
    /// The 16 matrices are a cache line more than their size apart
    /// (<see cref="MatrixSpacing"/>), the two halves of a row are joined in
    /// registers, and the taps come from plain loads and a transpose rather than gathers
    /// (slow on some CPUs): 64 -> 64 channels took 41 µs, now 20, on an AMD EPYC (Zen 5).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackFilters(float* weights, bool flipped, in WinogradShape w, int mr, float* packed)
    {
        int outs = w.OutChannels, ins = w.InChannels;
        nint matrix = w.PackedMatrix;
        // Every row is stored as a whole 8-lane vector, also for AVX2's 6-row tiles: its last
        // two lanes land on the first two floats of the next row, which is stored after it
        // (rows, then tiles, in increasing address order within each matrix), and the last
        // tile's spill lands in the cache line that separates the matrices (MatrixSpacing).
        // A masked store instead (vmaskmovps, microcoded on AMD cores) made the 64 -> 64 filter
        // transform take 91 µs on an AMD EPYC (Zen 3).
        Vector128<float>* low = stackalloc Vector128<float>[16];
        Vector128<float>* high = stackalloc Vector128<float>[16];
        float* zeros = stackalloc float[16];
        new Span<float>(zeros, 16).Clear();
        float** filters = stackalloc float*[8];
        for (int o0 = 0; o0 < w.OutRows; o0 += mr)
        {
            float* tile = packed + (nint)o0 * ins;
            int lanes = Math.Min(mr, outs - o0);
            for (int i = 0; i < ins; i++)
            {
                // Lane r is out channel o0 + r: filter W[o0 + r][i] (forward) or W[i][o0 + r]
                // (input gradient, read back to front); lanes past the last channel read zeros.
                for (int r = 0; r < 8; r++)
                {
                    filters[r] = r >= lanes ? zeros
                        : flipped ? weights + ((nint)i * outs + o0 + r) * 9
                        : weights + ((nint)(o0 + r) * ins + i) * 9;
                }

                FilterEight(filters, flipped, low, high);
                float* dst = tile + (nint)i * mr;
                for (int xi = 0; xi < 16; xi++)
                {
                    Vector256.Create(low[xi], high[xi]).Store(dst + xi * matrix);
                }
            }
        }
    }

    /// <summary>
    /// U = G g Gᵀ of eight 3 x 3 filters, one per lane (<paramref name="flipped"/>: each
    /// rotated by 180°): U_ξ of lanes 0-3 in <paramref name="low"/>[ξ], of lanes 4-7 in
    /// <paramref name="high"/>[ξ]. Each filter's first eight taps are one load and an 8 x 8
    /// transpose turns them into one vector per tap, where gathers (nine per eight filters) are
    /// slow on some CPUs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterEight(float** filters, bool flipped, Vector128<float>* low, Vector128<float>* high)
    {
        Transpose8x8.Run(
            Vector256.Load(filters[0]), Vector256.Load(filters[1]), Vector256.Load(filters[2]), Vector256.Load(filters[3]),
            Vector256.Load(filters[4]), Vector256.Load(filters[5]), Vector256.Load(filters[6]), Vector256.Load(filters[7]),
            out var e0, out var e1, out var e2, out var e3, out var e4, out var e5, out var e6, out var e7);
        var e8 = Vector256.Create(filters[0][8], filters[1][8], filters[2][8], filters[3][8], filters[4][8], filters[5][8], filters[6][8], filters[7][8]);

        // Element k of a filter is tap k, or tap 8 − k when the filter is rotated.
        if (flipped)
        {
            (e0, e8) = (e8, e0);
            (e1, e7) = (e7, e1);
            (e2, e6) = (e6, e2);
            (e3, e5) = (e5, e3);
        }

        Transform(e0.GetLower(), e1.GetLower(), e2.GetLower(), e3.GetLower(), e4.GetLower(), e5.GetLower(), e6.GetLower(), e7.GetLower(), e8.GetLower(), low);
        Transform(e0.GetUpper(), e1.GetUpper(), e2.GetUpper(), e3.GetUpper(), e4.GetUpper(), e5.GetUpper(), e6.GetUpper(), e7.GetUpper(), e8.GetUpper(), high);
    }

    /// <summary>U = G g Gᵀ of four filters (one per lane) in double, rounded once: u[ξ] for ξ = 4i + j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transform(Vector128<float> t0, Vector128<float> t1, Vector128<float> t2, Vector128<float> t3, Vector128<float> t4, Vector128<float> t5, Vector128<float> t6, Vector128<float> t7, Vector128<float> t8, Vector128<float>* u)
    {
        var g0 = Avx.ConvertToVector256Double(t0);
        var g1 = Avx.ConvertToVector256Double(t1);
        var g2 = Avx.ConvertToVector256Double(t2);
        var g3 = Avx.ConvertToVector256Double(t3);
        var g4 = Avx.ConvertToVector256Double(t4);
        var g5 = Avx.ConvertToVector256Double(t5);
        var g6 = Avx.ConvertToVector256Double(t6);
        var g7 = Avx.ConvertToVector256Double(t7);
        var g8 = Avx.ConvertToVector256Double(t8);
        var half = Vector256.Create(0.5);

        // G g (4 x 3), then each of its rows times Gᵀ gives a row of U.
        Rows(g0, g1, g2, half, u);
        Rows(half * (g0 + g3 + g6), half * (g1 + g4 + g7), half * (g2 + g5 + g8), half, u + 4);
        Rows(half * (g0 - g3 + g6), half * (g1 - g4 + g7), half * (g2 - g5 + g8), half, u + 8);
        Rows(g6, g7, g8, half, u + 12);

        static void Rows(Vector256<double> t0, Vector256<double> t1, Vector256<double> t2, Vector256<double> half, Vector128<float>* u)
        {
            u[0] = Avx.ConvertToVector128Single(t0);
            u[1] = Avx.ConvertToVector128Single(half * (t0 + t1 + t2));
            u[2] = Avx.ConvertToVector128Single(half * (t0 - t1 + t2));
            u[3] = Avx.ConvertToVector128Single(t2);
        }
    }

    /// <summary>
    /// Stages one image for the input transform: the zero-padded image (pad on the top and
    /// left, zeros to StageRows x 2·StageStride) split by column parity, so that a tile's four
    /// columns 2tx .. 2tx+3 are even[tx], odd[tx], even[tx+1], odd[tx+1] and 8 neighbouring
    /// tiles read whole vectors. Channel c's even plane starts at stage + 2c·StageRows·StageStride,
    /// its odd plane one plane later. A non-null <paramref name="gate"/> applies ReLU's backward
    /// gate on the way (the input-gradient convolution reads a fused ReLU's output gradient).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Stage(float* src, float* gate, in WinogradShape w, float* stage)
    {
        int rs = w.StageStride, plane = w.StageRows * rs, pad = w.Pad, width = w.Width;
        // Where input column 2i lands: in the even plane at i + pad/2 when pad is even, else
        // in the odd plane at i + (pad-1)/2; input column 2i+1 goes to the other plane.
        bool evenPad = (pad & 1) == 0;
        int evenShift = evenPad ? pad / 2 : (pad - 1) / 2;
        int oddShift = evenPad ? pad / 2 : (pad + 1) / 2;
        for (int c = 0; c < w.InChannels; c++)
        {
            float* even = stage + (nint)2 * c * plane;
            float* odd = even + plane;
            for (int y = 0; y < w.StageRows; y++)
            {
                float* e = even + (nint)y * rs;
                float* o = odd + (nint)y * rs;
                for (int k = 0; k < rs; k += 8)
                {
                    Vector256<float>.Zero.Store(e + k);
                    Vector256<float>.Zero.Store(o + k);
                }

                int row = y - pad;
                if (row < 0 || row >= w.Height)
                {
                    continue;
                }

                float* s = src + ((nint)c * w.Height + row) * width;
                float* gs = gate == null ? null : gate + ((nint)c * w.Height + row) * width;
                for (int j = 0; j < width; j += 16)
                {
                    int n = Math.Min(16, width - j);
                    var m0 = SimdMasks.FirstLanes256(Math.Min(n, 8));
                    var m1 = SimdMasks.FirstLanes256(Math.Max(n - 8, 0));
                    var a = Avx.MaskLoad(s + j, m0);
                    var b = Avx.MaskLoad(s + j + 8, m1);
                    if (gs != null)
                    {
                        a = ReluMath.Gate(Avx.MaskLoad(gs + j, m0), a);
                        b = ReluMath.Gate(Avx.MaskLoad(gs + j + 8, m1), b);
                    }

                    // Lanes past the row end loaded as zero, so whole-vector stores write the
                    // padding's zeros there; later chunks only write further right.
                    var evens = Avx2.Permute4x64(Avx.Shuffle(a, b, 0x88).AsDouble(), 0xD8).AsSingle();
                    var odds = Avx2.Permute4x64(Avx.Shuffle(a, b, 0xDD).AsDouble(), 0xD8).AsSingle();
                    evens.Store((evenPad ? e : o) + j / 2 + evenShift);
                    odds.Store((evenPad ? o : e) + j / 2 + oddShift);
                }
            }
        }
    }

    /// <summary>
    /// V (16 matrices of InChannels x VStride, VMatrix apart; matrix ξ = 4i + j, row c, column t) = Bᵀ d B of
    /// every tile t of every channel c, from the staged image. Columns from Tiles to VStride may
    /// receive junk from the lanes past a tile row's end; nothing reads them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Input(float* stage, in WinogradShape w, float* v)
    {
        int rs = w.StageStride, plane = w.StageRows * rs, tw = w.TW;
        nint matrix = w.VMatrix;
        for (int c = 0; c < w.InChannels; c++)
        {
            float* even = stage + (nint)2 * c * plane;
            float* odd = even + plane;
            float* vc = v + (nint)c * w.VStride;
            for (int ty = 0; ty < w.TH; ty++)
            {
                float* e = even + (nint)2 * ty * rs;
                float* o = odd + (nint)2 * ty * rs;
                for (int tx = 0; tx < tw; tx += 8)
                {
                    // d[i][0..3] = even[tx], odd[tx], even[tx+1], odd[tx+1] of padded row 2ty + i;
                    // h = d B (along the row), then V = Bᵀ h (down the rows).
                    Row(e + tx, o + tx, out var h00, out var h01, out var h02, out var h03);
                    Row(e + rs + tx, o + rs + tx, out var h10, out var h11, out var h12, out var h13);
                    Row(e + 2 * rs + tx, o + 2 * rs + tx, out var h20, out var h21, out var h22, out var h23);
                    Row(e + 3 * rs + tx, o + 3 * rs + tx, out var h30, out var h31, out var h32, out var h33);
                    float* at = vc + ty * tw + tx;
                    (h00 - h20).Store(at);
                    (h01 - h21).Store(at + matrix);
                    (h02 - h22).Store(at + 2 * matrix);
                    (h03 - h23).Store(at + 3 * matrix);
                    (h10 + h20).Store(at + 4 * matrix);
                    (h11 + h21).Store(at + 5 * matrix);
                    (h12 + h22).Store(at + 6 * matrix);
                    (h13 + h23).Store(at + 7 * matrix);
                    (h20 - h10).Store(at + 8 * matrix);
                    (h21 - h11).Store(at + 9 * matrix);
                    (h22 - h12).Store(at + 10 * matrix);
                    (h23 - h13).Store(at + 11 * matrix);
                    (h10 - h30).Store(at + 12 * matrix);
                    (h11 - h31).Store(at + 13 * matrix);
                    (h12 - h32).Store(at + 14 * matrix);
                    (h13 - h33).Store(at + 15 * matrix);
                }
            }
        }
    }

    /// <summary>One input row of 8 tiles times B: (d0 − d2, d1 + d2, d2 − d1, d1 − d3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row(float* even, float* odd, out Vector256<float> h0, out Vector256<float> h1, out Vector256<float> h2, out Vector256<float> h3)
    {
        var d0 = Vector256.Load(even);
        var d1 = Vector256.Load(odd);
        var d2 = Vector256.Load(even + 1);
        var d3 = Vector256.Load(odd + 1);
        h0 = d0 - d2;
        h1 = d1 + d2;
        h2 = d2 - d1;
        h3 = d1 - d3;
    }

    /// <summary>
    /// output (OutChannels x OH x OW) = Aᵀ M A of every tile, plus bias[o] when
    /// <paramref name="bias"/> is not null, then ReLU when <paramref name="relu"/>: written
    /// straight in NCHW, the odd last row and column of an odd-sized map left out. Channels
    /// [f0, f1) only: the others are neither read nor written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Output(float* m, in WinogradShape w, float* bias, bool relu, float* output, int f0, int f1)
    {
        int tw = w.TW, oh = w.OH, ow = w.OW;
        nint matrix = w.MMatrix;
        for (int f = f0; f < f1; f++)
        {
            var b = Vector256.Create(bias == null ? 0f : bias[f]);
            float* mf = m + (nint)f * w.VStride;
            float* plane = output + (nint)f * oh * ow;
            for (int ty = 0; ty < w.TH; ty++)
            {
                for (int tx = 0; tx < tw; tx += 8)
                {
                    float* at = mf + ty * tw + tx;
                    // r = M A (along each row of the tile), then Y = Aᵀ r.
                    Columns(at, matrix, 0, out var r00, out var r01);
                    Columns(at, matrix, 4, out var r10, out var r11);
                    Columns(at, matrix, 8, out var r20, out var r21);
                    Columns(at, matrix, 12, out var r30, out var r31);
                    var y00 = r00 + r10 + r20 + b;
                    var y01 = r01 + r11 + r21 + b;
                    var y10 = r10 - r20 - r30 + b;
                    var y11 = r11 - r21 - r31 + b;
                    if (relu)
                    {
                        y00 = ReluMath.Forward(y00);
                        y01 = ReluMath.Forward(y01);
                        y10 = ReluMath.Forward(y10);
                        y11 = ReluMath.Forward(y11);
                    }

                    int n = Math.Min(16, ow - 2 * tx);
                    float* row = plane + (nint)2 * ty * ow + 2 * tx;
                    Avx2Lanes.InterleaveStore(y00, y01, row, n);
                    if (2 * ty + 1 < oh)
                    {
                        Avx2Lanes.InterleaveStore(y10, y11, row + ow, n);
                    }
                }
            }
        }
    }

    /// <summary>Row i of 8 tiles' M (matrices ξ = first .. first + 3) times A: (m0 + m1 + m2, m1 − m2 − m3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Columns(float* at, nint matrix, int first, out Vector256<float> r0, out Vector256<float> r1)
    {
        var m0 = Vector256.Load(at + first * matrix);
        var m1 = Vector256.Load(at + (first + 1) * matrix);
        var m2 = Vector256.Load(at + (first + 2) * matrix);
        var m3 = Vector256.Load(at + (first + 3) * matrix);
        r0 = m0 + m1 + m2;
        r1 = m1 - m2 - m3;
    }
}
