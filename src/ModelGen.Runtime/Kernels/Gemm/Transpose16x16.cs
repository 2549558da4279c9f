using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// In-register 16 x 16 float transpose with AVX-512 (4 shuffle stages, 64 shuffles for 256
/// elements): packing Bᵀ into panels with it is several times faster than element copies.
/// </summary>
internal static unsafe class Transpose16x16
{
    /// <summary>dst[i * ldd + j] = src[j * lds + i] for i, j in [0, 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* src, nint lds, float* dst, nint ldd)
    {
        // Stage 1: interleave pairs of rows within each 128-bit lane.
        var t0 = Avx512F.UnpackLow(Vector512.Load(src), Vector512.Load(src + lds));
        var t1 = Avx512F.UnpackHigh(Vector512.Load(src), Vector512.Load(src + lds));
        var t2 = Avx512F.UnpackLow(Vector512.Load(src + 2 * lds), Vector512.Load(src + 3 * lds));
        var t3 = Avx512F.UnpackHigh(Vector512.Load(src + 2 * lds), Vector512.Load(src + 3 * lds));
        var t4 = Avx512F.UnpackLow(Vector512.Load(src + 4 * lds), Vector512.Load(src + 5 * lds));
        var t5 = Avx512F.UnpackHigh(Vector512.Load(src + 4 * lds), Vector512.Load(src + 5 * lds));
        var t6 = Avx512F.UnpackLow(Vector512.Load(src + 6 * lds), Vector512.Load(src + 7 * lds));
        var t7 = Avx512F.UnpackHigh(Vector512.Load(src + 6 * lds), Vector512.Load(src + 7 * lds));
        var t8 = Avx512F.UnpackLow(Vector512.Load(src + 8 * lds), Vector512.Load(src + 9 * lds));
        var t9 = Avx512F.UnpackHigh(Vector512.Load(src + 8 * lds), Vector512.Load(src + 9 * lds));
        var t10 = Avx512F.UnpackLow(Vector512.Load(src + 10 * lds), Vector512.Load(src + 11 * lds));
        var t11 = Avx512F.UnpackHigh(Vector512.Load(src + 10 * lds), Vector512.Load(src + 11 * lds));
        var t12 = Avx512F.UnpackLow(Vector512.Load(src + 12 * lds), Vector512.Load(src + 13 * lds));
        var t13 = Avx512F.UnpackHigh(Vector512.Load(src + 12 * lds), Vector512.Load(src + 13 * lds));
        var t14 = Avx512F.UnpackLow(Vector512.Load(src + 14 * lds), Vector512.Load(src + 15 * lds));
        var t15 = Avx512F.UnpackHigh(Vector512.Load(src + 14 * lds), Vector512.Load(src + 15 * lds));

        // Stage 2: interleave 64-bit pairs: u[4q + s] holds rows 4q..4q+3 of column 4L + s in lane L.
        var u0 = Lo64(t0, t2); var u1 = Hi64(t0, t2); var u2 = Lo64(t1, t3); var u3 = Hi64(t1, t3);
        var u4 = Lo64(t4, t6); var u5 = Hi64(t4, t6); var u6 = Lo64(t5, t7); var u7 = Hi64(t5, t7);
        var u8 = Lo64(t8, t10); var u9 = Hi64(t8, t10); var u10 = Lo64(t9, t11); var u11 = Hi64(t9, t11);
        var u12 = Lo64(t12, t14); var u13 = Hi64(t12, t14); var u14 = Lo64(t13, t15); var u15 = Hi64(t13, t15);

        // Stages 3 and 4: gather the four 128-bit lanes of each column.
        Columns(u0, u4, u8, u12, dst, ldd);
        Columns(u1, u5, u9, u13, dst + ldd, ldd);
        Columns(u2, u6, u10, u14, dst + 2 * ldd, ldd);
        Columns(u3, u7, u11, u15, dst + 3 * ldd, ldd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Lo64(Vector512<float> a, Vector512<float> b) =>
        Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Hi64(Vector512<float> a, Vector512<float> b) =>
        Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();

    /// <summary>
    /// From four vectors holding rows 0-3, 4-7, 8-11, 12-15 of columns s, s+4, s+8, s+12 (one
    /// per 128-bit lane), writes those four columns to dst, dst + 4 ldd, dst + 8 ldd, dst + 12 ldd.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Columns(Vector512<float> r0, Vector512<float> r4, Vector512<float> r8, Vector512<float> r12, float* dst, nint ldd)
    {
        var v0 = Avx512F.Shuffle4x128(r0, r4, 0x44);  // r0.L0 r0.L1 r4.L0 r4.L1
        var v1 = Avx512F.Shuffle4x128(r0, r4, 0xEE);  // r0.L2 r0.L3 r4.L2 r4.L3
        var v2 = Avx512F.Shuffle4x128(r8, r12, 0x44);
        var v3 = Avx512F.Shuffle4x128(r8, r12, 0xEE);
        Avx512F.Shuffle4x128(v0, v2, 0x88).Store(dst);            // lanes L0 of r0 r4 r8 r12
        Avx512F.Shuffle4x128(v0, v2, 0xDD).Store(dst + 4 * ldd);  // lanes L1
        Avx512F.Shuffle4x128(v1, v3, 0x88).Store(dst + 8 * ldd);  // lanes L2
        Avx512F.Shuffle4x128(v1, v3, 0xDD).Store(dst + 12 * ldd); // lanes L3
    }
}
