using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// In-register 8 x 8 float transpose with AVX2 (3 shuffle stages, 24 shuffles for 64 elements),
/// the AVX2 counterpart of <see cref="Transpose16x16"/>: packing Bᵀ and the convolution's
/// transposed output gradient with it replaces element-by-element copies.
/// </summary>
internal static unsafe class Transpose8x8
{
    /// <summary>dst[i * ldd + j] = src[j * lds + i] for i, j in [0, 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(float* src, nint lds, float* dst, nint ldd)
    {
        Run(Vector256.Load(src), Vector256.Load(src + lds), Vector256.Load(src + 2 * lds), Vector256.Load(src + 3 * lds),
            Vector256.Load(src + 4 * lds), Vector256.Load(src + 5 * lds), Vector256.Load(src + 6 * lds), Vector256.Load(src + 7 * lds),
            out var c0, out var c1, out var c2, out var c3, out var c4, out var c5, out var c6, out var c7);
        c0.Store(dst);
        c1.Store(dst + ldd);
        c2.Store(dst + 2 * ldd);
        c3.Store(dst + 3 * ldd);
        c4.Store(dst + 4 * ldd);
        c5.Store(dst + 5 * ldd);
        c6.Store(dst + 6 * ldd);
        c7.Store(dst + 7 * ldd);
    }

    /// <summary>The same in registers: lane j of rows r0 .. r7 becomes column vector cj (cj[i] = ri[j]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        out Vector256<float> c0, out Vector256<float> c1, out Vector256<float> c2, out Vector256<float> c3,
        out Vector256<float> c4, out Vector256<float> c5, out Vector256<float> c6, out Vector256<float> c7)
    {
        // Stage 1: interleave pairs of rows within each 128-bit lane: [a0 b0 a1 b1 | a4 b4 a5 b5].
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        // Stage 2: quads of one column from four rows: [a0 b0 c0 d0 | a4 b4 c4 d4].
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);

        // Stage 3: join the 128-bit halves of rows 0-3 and 4-7.
        c0 = Avx.Permute2x128(s0, s4, 0x20);
        c1 = Avx.Permute2x128(s1, s5, 0x20);
        c2 = Avx.Permute2x128(s2, s6, 0x20);
        c3 = Avx.Permute2x128(s3, s7, 0x20);
        c4 = Avx.Permute2x128(s0, s4, 0x31);
        c5 = Avx.Permute2x128(s1, s5, 0x31);
        c6 = Avx.Permute2x128(s2, s6, 0x31);
        c7 = Avx.Permute2x128(s3, s7, 0x31);
    }
}
