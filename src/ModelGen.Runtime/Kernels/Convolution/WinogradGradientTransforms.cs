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
}
