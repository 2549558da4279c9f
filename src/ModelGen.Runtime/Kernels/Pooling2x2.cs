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
internal static unsafe class Pooling2x2
{
    private static readonly Vector512<int> Evens = Vector512<int>.Indices * 2;
    private static readonly Vector512<int> Odds = Vector512<int>.Indices * 2 + Vector512<int>.One;
    private static readonly Vector512<int> InterleaveLow = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    private static readonly Vector512<int> InterleaveHigh = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>Row pairs [pair0, pair1); argmax (may be null) gets y·W + x within the input plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxForward(int height, int width, float* input, float* output, int* argmax, int pair0, int pair1)
    {
        int ow = width / 2;
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = input + (nint)2 * j * width;
            float* r1 = r0 + width;
            float* o = output + (nint)j * ow;
            int rowBase = 2 * j % height * width;
            for (int x = 0; x < width; x += 32)
            {
                int n = Math.Min(32, width - x);
                var (e0, o0) = Split(r0 + x, n);
                var (e1, o1) = Split(r1 + x, n);
                var best = e0;
                var m = Avx512F.CompareGreaterThan(o0, best);
                best = Vector512.ConditionalSelect(m, o0, best);
                var pick = m.AsInt32() & Vector512<int>.One;                     // 0 or 1
                m = Avx512F.CompareGreaterThan(e1, best);
                best = Vector512.ConditionalSelect(m, e1, best);
                pick = Vector512.ConditionalSelect(m.AsInt32(), Vector512.Create(width), pick);
                m = Avx512F.CompareGreaterThan(o1, best);
                best = Vector512.ConditionalSelect(m, o1, best);
                pick = Vector512.ConditionalSelect(m.AsInt32(), Vector512.Create(width + 1), pick);
                Store(best, o + x / 2, n / 2);
                if (argmax != null)
                {
                    var index = Vector512.Create(rowBase + x) + Evens + pick;
                    Store(index.AsSingle(), (float*)(argmax + (nint)j * ow + x / 2), n / 2);
                }
            }
        }
    }

    /// <summary>Writes every input pixel: the output gradient where the argmax points, zero elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxBackward(int height, int width, float* outputGradient, int* argmax, float* inputGradient, int pair0, int pair1)
    {
        int ow = width / 2;
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = inputGradient + (nint)2 * j * width;
            float* r1 = r0 + width;
            int rowBase = 2 * j % height * width;
            for (int x = 0; x < width; x += 32)
            {
                int n = Math.Min(32, width - x);
                var mask = SimdMasks.FirstLanes512(n / 2);
                var g = Avx512F.MaskLoad(outputGradient + (nint)j * ow + x / 2, mask, Vector512<float>.Zero);
                var at = Avx512F.MaskLoad((float*)(argmax + (nint)j * ow + x / 2), mask, Vector512<float>.Zero).AsInt32()
                    - (Vector512.Create(rowBase + x) + Evens);
                var zero = Vector512<float>.Zero;
                var e0 = Vector512.ConditionalSelect(Vector512.Equals(at, Vector512<int>.Zero).AsSingle(), g, zero);
                var o0 = Vector512.ConditionalSelect(Vector512.Equals(at, Vector512<int>.One).AsSingle(), g, zero);
                var e1 = Vector512.ConditionalSelect(Vector512.Equals(at, Vector512.Create(width)).AsSingle(), g, zero);
                var o1 = Vector512.ConditionalSelect(Vector512.Equals(at, Vector512.Create(width + 1)).AsSingle(), g, zero);
                Merge(e0, o0, r0 + x, n);
                Merge(e1, o1, r1 + x, n);
            }
        }
    }

    /// <summary>Window sums in window order ((x00 + x01) + x10) + x11, times 1/4, like the generic path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AvgForward(int width, float* input, float* output, int pair0, int pair1)
    {
        int ow = width / 2;
        var quarter = Vector512.Create(0.25f);
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = input + (nint)2 * j * width;
            float* r1 = r0 + width;
            for (int x = 0; x < width; x += 32)
            {
                int n = Math.Min(32, width - x);
                var (e0, o0) = Split(r0 + x, n);
                var (e1, o1) = Split(r1 + x, n);
                Store((e0 + o0 + e1 + o1) * quarter, output + (nint)j * ow + x / 2, n / 2);
            }
        }
    }

    /// <summary>Each input pixel gets a quarter of its window's output gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AvgBackward(int width, float* outputGradient, float* inputGradient, int pair0, int pair1)
    {
        int ow = width / 2;
        var quarter = Vector512.Create(0.25f);
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = inputGradient + (nint)2 * j * width;
            for (int x = 0; x < width; x += 32)
            {
                int n = Math.Min(32, width - x);
                var g = Avx512F.MaskLoad(outputGradient + (nint)j * ow + x / 2, SimdMasks.FirstLanes512(n / 2), Vector512<float>.Zero) * quarter;
                Merge(g, g, r0 + x, n);
                Merge(g, g, r0 + width + x, n);
            }
        }
    }

    /// <summary>Loads n ≤ 32 floats and splits them into even and odd columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Even, Vector512<float> Odd) Split(float* p, int n)
    {
        Vector512<float> a, b;
        if (n == 32)
        {
            a = Vector512.Load(p);
            b = Vector512.Load(p + 16);
        }
        else
        {
            a = Avx512F.MaskLoad(p, SimdMasks.FirstLanes512(Math.Min(n, 16)), Vector512<float>.Zero);
            b = Avx512F.MaskLoad(p + 16, SimdMasks.FirstLanes512(Math.Max(n - 16, 0)), Vector512<float>.Zero);
        }

        return (Avx512F.PermuteVar16x32x2(a, Evens, b), Avx512F.PermuteVar16x32x2(a, Odds, b));
    }

    /// <summary>Interleaves even and odd columns back into n ≤ 32 floats at p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(Vector512<float> even, Vector512<float> odd, float* p, int n)
    {
        var low = Avx512F.PermuteVar16x32x2(even, InterleaveLow, odd);
        var high = Avx512F.PermuteVar16x32x2(even, InterleaveHigh, odd);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> v, float* p, int n)
    {
        if (n == 16)
        {
            v.Store(p);
        }
        else
        {
            Avx512F.MaskStore(p, SimdMasks.FirstLanes512(n), v);
        }
    }
}
