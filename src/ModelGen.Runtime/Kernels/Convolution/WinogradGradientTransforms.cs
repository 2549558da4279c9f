using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Kernels;

/// <summary>
/// The transforms of the Winograd weight gradient (<see cref="ConvWinogradGradient"/>), the
/// adjoints of <see cref="WinogradTransforms"/>' output and filter transforms plus its input
/// transform, on channel-last tiles: one vector lane per channel, 8 channels at a time, so a
/// tile's 16 transformed values land as rows of the 16 matrices the micro-kernel reads.
/// <code>
///   A dY Aᵀ, with A = | 1  0 |      Bᵀ d B (as the forward)      Gᵀ dU G, with Gᵀ = | 1  ½  ½  0 |
///                     | 1  1 |                                                     | 0  ½ -½  0 |
///                     | 1 -1 |                                                     | 0  ½  ½  1 |
///                     | 0 -1 |
/// </code>
/// Additions run in the order written, without FMA contraction, the same for every lane.
/// </summary>
internal static unsafe class WinogradGradientTransforms
{
    /// <summary>
    /// A dY Aᵀ of one 2 x 2 tile of the channel-last output gradient (element (i, j) of the
    /// tile, channel f at src + i·rowStride + j·channels + f), for <paramref name="channels"/>
    /// (a multiple of 8) channels: value ξ = 4r + s goes to dst + ξ·matrix.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OutputGradientTile(float* src, nint rowStride, int channels, float* dst, nint matrix)
    {
        for (int f = 0; f < channels; f += 8)
        {
            float* e = src + f;
            var e00 = Vector256.Load(e);
            var e01 = Vector256.Load(e + channels);
            var e10 = Vector256.Load(e + rowStride);
            var e11 = Vector256.Load(e + rowStride + channels);

            // A on the left: the rows e0, e0 + e1, e0 − e1, −e1.
            float* d = dst + f;
            Row(e00, e01, d, matrix);
            Row(e00 + e10, e01 + e11, d + 4 * matrix, matrix);
            Row(e00 - e10, e01 - e11, d + 8 * matrix, matrix);
            Row(-e10, -e11, d + 12 * matrix, matrix);
        }

        // Aᵀ on the right: (p, q) becomes p, p + q, p − q, −q.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Row(Vector256<float> p, Vector256<float> q, float* d, nint matrix)
        {
            p.Store(d);
            (p + q).Store(d + matrix);
            (p - q).Store(d + 2 * matrix);
            (-q).Store(d + 3 * matrix);
        }
    }

    /// <summary>
    /// Bᵀ d B of one 4 x 4 tile of the channel-last, zero-padded input (element (i, j) of the
    /// tile, channel c at src + i·rowStride + j·channels + c), for <paramref name="channels"/>
    /// (a multiple of 8) channels: value ξ = 4r + s goes to dst + ξ·matrix.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InputTile(float* src, nint rowStride, int channels, float* dst, nint matrix)
    {
        for (int c = 0; c < channels; c += 8)
        {
            // Bᵀ on the left, one column of the tile at a time: rows d0 − d2, d1 + d2, d2 − d1, d1 − d3.
            float* s = src + c;
            Column(s, rowStride, out var t00, out var t10, out var t20, out var t30);
            Column(s + channels, rowStride, out var t01, out var t11, out var t21, out var t31);
            Column(s + 2 * channels, rowStride, out var t02, out var t12, out var t22, out var t32);
            Column(s + 3 * channels, rowStride, out var t03, out var t13, out var t23, out var t33);

            // B on the right, the same combination along each row.
            float* d = dst + c;
            Row(t00, t01, t02, t03, d, matrix);
            Row(t10, t11, t12, t13, d + 4 * matrix, matrix);
            Row(t20, t21, t22, t23, d + 8 * matrix, matrix);
            Row(t30, t31, t32, t33, d + 12 * matrix, matrix);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Column(float* s, nint rowStride, out Vector256<float> t0, out Vector256<float> t1, out Vector256<float> t2, out Vector256<float> t3)
        {
            var d0 = Vector256.Load(s);
            var d1 = Vector256.Load(s + rowStride);
            var d2 = Vector256.Load(s + 2 * rowStride);
            var d3 = Vector256.Load(s + 3 * rowStride);
            t0 = d0 - d2;
            t1 = d1 + d2;
            t2 = d2 - d1;
            t3 = d1 - d3;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Row(Vector256<float> t0, Vector256<float> t1, Vector256<float> t2, Vector256<float> t3, float* d, nint matrix)
        {
            (t0 - t2).Store(d);
            (t1 + t2).Store(d + matrix);
            (t2 - t1).Store(d + 2 * matrix);
            (t1 - t3).Store(d + 3 * matrix);
        }
    }

    /// <summary>
    /// dW = Gᵀ dU G for one filter-channel pair: dU's 16 values at du + ξ·matrix, the 3 x 3
    /// result to dw[0..8] row by row. In double, rounded once.
    /// </summary>
    public static void Filter(float* du, nint matrix, float* dw)
    {
        // Gᵀ on the left: rows u0 + ½(u1 + u2), ½(u1 − u2), ½(u1 + u2) + u3, per column j.
        double* t = stackalloc double[12];
        for (int j = 0; j < 4; j++)
        {
            double u0 = du[j * matrix], u1 = du[(4 + j) * matrix], u2 = du[(8 + j) * matrix], u3 = du[(12 + j) * matrix];
            t[j] = u0 + 0.5 * (u1 + u2);
            t[4 + j] = 0.5 * (u1 - u2);
            t[8 + j] = 0.5 * (u1 + u2) + u3;
        }

        // G on the right, the same combination along each row.
        for (int i = 0; i < 3; i++)
        {
            double* r = t + 4 * i;
            dw[3 * i] = (float)(r[0] + 0.5 * (r[1] + r[2]));
            dw[3 * i + 1] = (float)(0.5 * (r[1] - r[2]));
            dw[3 * i + 2] = (float)(0.5 * (r[1] + r[2]) + r[3]);
        }
    }

    /// <summary>
    /// F(4 x 4, 3 x 3)'s A dY Aᵀ of one 4 x 4 tile of the channel-last output gradient (layout
    /// as <see cref="OutputGradientTile"/>): value ξ = 6r + s goes to dst + ξ·matrix.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OutputGradientTile4(float* src, nint rowStride, int channels, float* dst, nint matrix)
    {
        Vector256<float>* t = stackalloc Vector256<float>[24];
        Vector256<float>* o = stackalloc Vector256<float>[6];
        for (int f = 0; f < channels; f += 8)
        {
            // A on the left, one column j of the tile at a time: t[i·4 + j] for rows i = 0..5.
            for (int j = 0; j < 4; j++)
            {
                float* e = src + f + j * channels;
                Spread4(Vector256.Load(e), Vector256.Load(e + rowStride), Vector256.Load(e + 2 * rowStride), Vector256.Load(e + 3 * rowStride), t + j, 4);
            }

            // Aᵀ on the right, along each row: six rows of 6 values.
            for (int i = 0; i < 6; i++)
            {
                Vector256<float>* r = t + 4 * i;
                Spread4(r[0], r[1], r[2], r[3], o, 1);
                float* d = dst + f + (nint)6 * i * matrix;
                for (int k = 0; k < 6; k++)
                {
                    o[k].Store(d + k * matrix);
                }
            }
        }
    }

    /// <summary>
    /// A e for F(4 x 4, 3 x 3) (A = Aᵀᵀ, 6 x 4): e0, e0 + e1 + e2 + e3, e0 − e1 + e2 − e3,
    /// e0 + 2e1 + 4e2 + 8e3, e0 − 2e1 + 4e2 − 8e3, e3; written to o[0], o[step], … o[5·step].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Spread4(Vector256<float> e0, Vector256<float> e1, Vector256<float> e2, Vector256<float> e3, Vector256<float>* o, int step)
    {
        var even = e0 + e2;
        var odd = e1 + e3;
        var even4 = e0 + e2 * Vector256.Create(4f);
        var odd8 = e1 * Vector256.Create(2f) + e3 * Vector256.Create(8f);
        o[0] = e0;
        o[step] = even + odd;
        o[2 * step] = even - odd;
        o[3 * step] = even4 + odd8;
        o[4 * step] = even4 - odd8;
        o[5 * step] = e3;
    }

    /// <summary>
    /// F(4 x 4, 3 x 3)'s Bᵀ d B of one 6 x 6 tile of the channel-last, zero-padded input
    /// (layout as <see cref="InputTile"/>): value ξ = 6r + s goes to dst + ξ·matrix.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InputTile4(float* src, nint rowStride, int channels, float* dst, nint matrix)
    {
        Vector256<float>* t = stackalloc Vector256<float>[36];
        Vector256<float>* o = stackalloc Vector256<float>[6];
        for (int c = 0; c < channels; c += 8)
        {
            // Bᵀ on the left, one column j of the tile at a time: t[i·6 + j] for rows i = 0..5.
            for (int j = 0; j < 6; j++)
            {
                float* s = src + c + j * channels;
                Combine6(Vector256.Load(s), Vector256.Load(s + rowStride), Vector256.Load(s + 2 * rowStride), Vector256.Load(s + 3 * rowStride), Vector256.Load(s + 4 * rowStride), Vector256.Load(s + 5 * rowStride), t + j, 6);
            }

            // B on the right, along each row.
            for (int i = 0; i < 6; i++)
            {
                Vector256<float>* r = t + 6 * i;
                Combine6(r[0], r[1], r[2], r[3], r[4], r[5], o, 1);
                float* d = dst + c + (nint)6 * i * matrix;
                for (int k = 0; k < 6; k++)
                {
                    o[k].Store(d + k * matrix);
                }
            }
        }
    }

    /// <summary>
    /// Bᵀ d for F(4 x 4, 3 x 3): 4d0 − 5d2 + d4, −4d1 − 4d2 + d3 + d4, 4d1 − 4d2 − d3 + d4,
    /// −2d1 − d2 + 2d3 + d4, 2d1 − d2 − 2d3 + d4, 4d1 − 5d3 + d5; written to o[0], o[step], ….
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Combine6(Vector256<float> d0, Vector256<float> d1, Vector256<float> d2, Vector256<float> d3, Vector256<float> d4, Vector256<float> d5, Vector256<float>* o, int step)
    {
        var four = Vector256.Create(4f);
        var five = Vector256.Create(5f);
        var two = Vector256.Create(2f);
        var a = d4 - four * d2;      // d4 − 4d2
        var b = d3 - four * d1;      // d3 − 4d1
        var c = d4 - d2;             // d4 − d2
        var e = two * (d3 - d1);     // 2d3 − 2d1
        o[0] = four * d0 - five * d2 + d4;
        o[step] = a + b;
        o[2 * step] = a - b;
        o[3 * step] = c + e;
        o[4 * step] = c - e;
        o[5 * step] = four * d1 - five * d3 + d5;
    }

    /// <summary>
    /// F(4 x 4, 3 x 3)'s dW = Gᵀ dU G for one filter-channel pair: dU's 36 values at
    /// du + ξ·matrix, the 3 x 3 result to dw[0..8] row by row. In double, rounded once.
    /// </summary>
    public static void Filter4(float* du, nint matrix, float* dw)
    {
        // G (6 x 3): rows ¼ 0 0 | −⅙ −⅙ −⅙ | −⅙ ⅙ −⅙ | 1/24 1/12 ⅙ | 1/24 −1/12 ⅙ | 0 0 1.
        double* t = stackalloc double[18];
        for (int j = 0; j < 6; j++)
        {
            Shrink(du[j * matrix], du[(6 + j) * matrix], du[(12 + j) * matrix], du[(18 + j) * matrix], du[(24 + j) * matrix], du[(30 + j) * matrix], out t[j], out t[6 + j], out t[12 + j]);
        }

        for (int i = 0; i < 3; i++)
        {
            double* r = t + 6 * i;
            Shrink(r[0], r[1], r[2], r[3], r[4], r[5], out double w0, out double w1, out double w2);
            dw[3 * i] = (float)w0;
            dw[3 * i + 1] = (float)w1;
            dw[3 * i + 2] = (float)w2;
        }

        // Gᵀ u: the three columns of G against u0..u5.
        static void Shrink(double u0, double u1, double u2, double u3, double u4, double u5, out double w0, out double w1, out double w2)
        {
            const double Sixth = 1.0 / 6, Twelfth = 1.0 / 12, TwentyFourth = 1.0 / 24;
            double sum12 = u1 + u2, sum34 = u3 + u4;
            w0 = 0.25 * u0 - Sixth * sum12 + TwentyFourth * sum34;
            w1 = Sixth * (u2 - u1) + Twelfth * (u3 - u4);
            w2 = Sixth * (sum34 - sum12) + u5;
        }
    }
}
