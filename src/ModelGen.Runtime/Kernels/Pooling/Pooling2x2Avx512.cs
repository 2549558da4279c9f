using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// AVX-512 pooling for 2 x 2 windows, stride 2, even sides. The batch is seen as one tall
/// matrix of rows of width W: rows 2j and 2j+1 form row pair j, whose windows give output row
/// j (of width W/2). 32 input columns become 16 outputs: two-source permutes split even and odd
/// columns, so a window's four pixels sit in the same lane of four vectors.
/// </summary>
internal static unsafe class Pooling2x2Avx512
{
    // Permutes that the narrow variant (Pooling2x2Narrow) uses too.
    internal static readonly Vector512<int> Evens = Vector512<int>.Indices * 2;
    internal static readonly Vector512<int> Odds = Vector512<int>.Indices * 2 + Vector512<int>.One;
    internal static readonly Vector512<int> InterleaveLow = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    internal static readonly Vector512<int> InterleaveHigh = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>Row pairs [pair0, pair1); argmax (may be null) gets y·W + x within the input plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxForward(int height, int width, float* input, float* output, int* argmax, int pair0, int pair1)
    {
        // Locals, not static fields, inside the loops: keeps them in registers (measured 1.5x).
        Vector512<int> evens = Evens, odds = Odds, one = Vector512<int>.One;
        Vector512<int> down = Vector512.Create(width), downRight = Vector512.Create(width + 1);
        int ow = width / 2;
        int rowBase = 2 * pair0 % height * width; // y·W of the pair's top row within its plane
        int planeSize = height * width;
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = input + (nint)2 * j * width;
            float* r1 = r0 + width;
            for (int x = 0; x < width; x += 32)
            {
                int n = Math.Min(32, width - x);
                Vector512<float> a0, b0, a1, b1;
                if (n == 32)
                {
                    a0 = Vector512.Load(r0 + x);
                    b0 = Vector512.Load(r0 + x + 16);
                    a1 = Vector512.Load(r1 + x);
                    b1 = Vector512.Load(r1 + x + 16);
                }
                else
                {
                    var m0 = SimdMasks.FirstLanes512(Math.Min(n, 16));
                    var m1 = SimdMasks.FirstLanes512(Math.Max(n - 16, 0));
                    a0 = Avx512F.MaskLoad(r0 + x, m0, Vector512<float>.Zero);
                    b0 = Avx512F.MaskLoad(r0 + x + 16, m1, Vector512<float>.Zero);
                    a1 = Avx512F.MaskLoad(r1 + x, m0, Vector512<float>.Zero);
                    b1 = Avx512F.MaskLoad(r1 + x + 16, m1, Vector512<float>.Zero);
                }

                var e0 = Avx512F.PermuteVar16x32x2(a0, evens, b0);
                var o0 = Avx512F.PermuteVar16x32x2(a0, odds, b0);
                var e1 = Avx512F.PermuteVar16x32x2(a1, evens, b1);
                var o1 = Avx512F.PermuteVar16x32x2(a1, odds, b1);
                var best = WindowMax(e0, o0, e1, o1, one, down, downRight, out var pick);
                float* o = output + (nint)j * ow + x / 2;
                if (n == 32)
                {
                    best.Store(o);
                }
                else
                {
                    Avx512F.MaskStore(o, SimdMasks.FirstLanes512(n / 2), best);
                }

                if (argmax != null)
                {
                    var index = (Vector512.Create(rowBase + x) + evens + pick).AsSingle();
                    float* at = (float*)(argmax + (nint)j * ow + x / 2);
                    if (n == 32)
                    {
                        index.Store(at);
                    }
                    else
                    {
                        Avx512F.MaskStore(at, SimdMasks.FirstLanes512(n / 2), index);
                    }
                }
            }

            rowBase += 2 * width;
            if (rowBase == planeSize)
            {
                rowBase = 0;
            }
        }
    }

    /// <summary>Writes every input pixel: the output gradient where the argmax points, zero elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxBackward(int height, int width, float* outputGradient, int* argmax, float* inputGradient, int pair0, int pair1)
    {
        Vector512<int> evens = Evens, low = InterleaveLow, high = InterleaveHigh;
        Vector512<int> down = Vector512.Create(width), downRight = Vector512.Create(width + 1);
        int ow = width / 2;
        int rowBase = 2 * pair0 % height * width;
        int planeSize = height * width;
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = inputGradient + (nint)2 * j * width;
            float* r1 = r0 + width;
            for (int x = 0; x < width; x += 32)
            {
                int n = Math.Min(32, width - x);
                var mask = SimdMasks.FirstLanes512(n / 2);
                var g = Avx512F.MaskLoad(outputGradient + (nint)j * ow + x / 2, mask, Vector512<float>.Zero);
                var at = Avx512F.MaskLoad((float*)(argmax + (nint)j * ow + x / 2), mask, Vector512<float>.Zero).AsInt32()
                    - (Vector512.Create(rowBase + x) + evens);
                var zero = Vector512<float>.Zero;
                var e0 = Vector512.ConditionalSelect(Vector512.Equals(at, Vector512<int>.Zero).AsSingle(), g, zero);
                var o0 = Vector512.ConditionalSelect(Vector512.Equals(at, Vector512<int>.One).AsSingle(), g, zero);
                var e1 = Vector512.ConditionalSelect(Vector512.Equals(at, down).AsSingle(), g, zero);
                var o1 = Vector512.ConditionalSelect(Vector512.Equals(at, downRight).AsSingle(), g, zero);
                Merge(e0, o0, r0 + x, n, low, high);
                Merge(e1, o1, r1 + x, n, low, high);
            }

            rowBase += 2 * width;
            if (rowBase == planeSize)
            {
                rowBase = 0;
            }
        }
    }

    /// <summary>Window sums in window order ((x00 + x01) + x10) + x11, times 1/4, like the generic path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AvgForward(int width, float* input, float* output, int pair0, int pair1)
    {
        Vector512<int> evens = Evens, odds = Odds;
        int ow = width / 2;
        var quarter = Vector512.Create(0.25f);
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = input + (nint)2 * j * width;
            float* r1 = r0 + width;
            for (int x = 0; x < width; x += 32)
            {
                int n = Math.Min(32, width - x);
                var m0 = SimdMasks.FirstLanes512(Math.Min(n, 16));
                var m1 = SimdMasks.FirstLanes512(Math.Max(n - 16, 0));
                var a0 = Avx512F.MaskLoad(r0 + x, m0, Vector512<float>.Zero);
                var b0 = Avx512F.MaskLoad(r0 + x + 16, m1, Vector512<float>.Zero);
                var a1 = Avx512F.MaskLoad(r1 + x, m0, Vector512<float>.Zero);
                var b1 = Avx512F.MaskLoad(r1 + x + 16, m1, Vector512<float>.Zero);
                var sum = Avx512F.PermuteVar16x32x2(a0, evens, b0) + Avx512F.PermuteVar16x32x2(a0, odds, b0)
                    + Avx512F.PermuteVar16x32x2(a1, evens, b1) + Avx512F.PermuteVar16x32x2(a1, odds, b1);
                Avx512F.MaskStore(output + (nint)j * ow + x / 2, SimdMasks.FirstLanes512(n / 2), sum * quarter);
            }
        }
    }

    /// <summary>Each input pixel gets a quarter of its window's output gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AvgBackward(int width, float* outputGradient, float* inputGradient, int pair0, int pair1)
    {
        Vector512<int> low = InterleaveLow, high = InterleaveHigh;
        int ow = width / 2;
        var quarter = Vector512.Create(0.25f);
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = inputGradient + (nint)2 * j * width;
            for (int x = 0; x < width; x += 32)
            {
                int n = Math.Min(32, width - x);
                var g = Avx512F.MaskLoad(outputGradient + (nint)j * ow + x / 2, SimdMasks.FirstLanes512(n / 2), Vector512<float>.Zero) * quarter;
                Merge(g, g, r0 + x, n, low, high);
                Merge(g, g, r0 + width + x, n, low, high);
            }
        }
    }

    /// <summary>
    /// Per lane, the maximum of a window's four pixels x00, x01, x10, x11 (given as the vectors
    /// of even and odd columns of its top and bottom rows), compared in that order with a strict
    /// &gt; so the first maximum wins, as in the generic path; <paramref name="pick"/> gets the
    /// winner's offset from x00: 0, 1, W (<paramref name="down"/>) or W + 1. Both 2 x 2 kernels
    /// call this, so they agree to the bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> WindowMax(
        Vector512<float> x00, Vector512<float> x01, Vector512<float> x10, Vector512<float> x11,
        Vector512<int> one, Vector512<int> down, Vector512<int> downRight, out Vector512<int> pick)
    {
        var best = x00;
        var m = Vector512.GreaterThan(x01, best);
        best = Vector512.ConditionalSelect(m, x01, best);
        pick = m.AsInt32() & one;
        m = Vector512.GreaterThan(x10, best);
        best = Vector512.ConditionalSelect(m, x10, best);
        pick = Vector512.ConditionalSelect(m.AsInt32(), down, pick);
        m = Vector512.GreaterThan(x11, best);
        best = Vector512.ConditionalSelect(m, x11, best);
        pick = Vector512.ConditionalSelect(m.AsInt32(), downRight, pick);
        return best;
    }

    /// <summary>Interleaves even and odd columns back into n ≤ 32 floats at p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(Vector512<float> even, Vector512<float> odd, float* p, int n, Vector512<int> lowIndex, Vector512<int> highIndex)
    {
        var low = Avx512F.PermuteVar16x32x2(even, lowIndex, odd);
        var high = Avx512F.PermuteVar16x32x2(even, highIndex, odd);
        if (n == 32)
        {
            low.Store(p);
            high.Store(p + 16);
        }
        else
        {
            Avx512F.MaskStore(p, SimdMasks.FirstLanes512(Math.Min(n, 16)), low);
            Avx512F.MaskStore(p + 16, SimdMasks.FirstLanes512(Math.Max(n - 16, 0)), high);
        }
    }
}
