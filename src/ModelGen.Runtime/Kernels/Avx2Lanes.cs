using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>256-bit lane moves that several AVX2 kernels share (pooling, Winograd's transforms, ragged row ends).</summary>
internal static unsafe class Avx2Lanes
{
    /// <summary>
    /// Stores the first <paramref name="n"/> lanes of <paramref name="v"/> at p (all eight from
    /// n = 8 up, none at n ≤ 0) and leaves the floats past them as they were.
    /// </summary>
    /// <remarks>
    /// Why not Avx.MaskStore: vmaskmovps to memory is microcoded on AMD's cores, ~20 cycles
    /// (6.5 ns against 0.4-0.7 for a plain store, measured on an AMD EPYC, Zen 3), and the
    /// kernels store a ragged end in every row. Here it is at most three plain stores of 4, 2
    /// and 1 floats; n is usually the same row after row, so the branches predict well.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(float* p, Vector256<float> v, int n)
    {
        if (n >= 8)
        {
            v.Store(p);
            return;
        }

        if (n <= 0)
        {
            return;
        }

        Vector128<float> part = v.GetLower();
        if ((n & 4) != 0)
        {
            part.Store(p);
            part = v.GetUpper();
            p += 4;
        }

        if ((n & 2) != 0)
        {
            Sse.StoreLow(p, part);
            part = Sse.MoveHighToLow(part, part);
            p += 2;
        }

        if ((n & 1) != 0)
        {
            Sse.StoreScalar(p, part);
        }
    }

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
            StoreFirst(p, first, n);
            StoreFirst(p + 8, second, n - 8);
        }
    }
}
