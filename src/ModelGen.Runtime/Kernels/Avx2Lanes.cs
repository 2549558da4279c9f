using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>256-bit lane moves that several AVX2 kernels share (pooling, Winograd's transforms).</summary>
internal static unsafe class Avx2Lanes
{
    /// <summary>Stores a[0], b[0], a[1], b[1], ... a[7], b[7]: the first n ≤ 16 of them, at p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InterleaveStore(Vector256<float> a, Vector256<float> b, float* p, int n)
    {
        var lo = Avx.UnpackLow(a, b);   // a0 b0 a1 b1 | a4 b4 a5 b5
        var hi = Avx.UnpackHigh(a, b);  // a2 b2 a3 b3 | a6 b6 a7 b7
        var first = Avx.Permute2x128(lo, hi, 0x20);
        var second = Avx.Permute2x128(lo, hi, 0x31);
        if (n == 16)
        {
            first.Store(p);
            second.Store(p + 8);
        }
        else
        {
            Avx.MaskStore(p, SimdMasks.FirstLanes256(Math.Min(n, 8)), first);
            Avx.MaskStore(p + 8, SimdMasks.FirstLanes256(Math.Max(n - 8, 0)), second);
        }
    }
}
