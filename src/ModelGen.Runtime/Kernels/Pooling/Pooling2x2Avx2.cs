using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// The AVX2 form of <see cref="Pooling2x2Avx512"/>: 2 x 2 windows, stride 2, even sides, the batch
/// seen as one tall matrix of row pairs; 16 input columns become 8 outputs. <c>vshufps</c>
/// splits even and odd columns within each 128-bit half, which leaves the windows in the order
/// 0 1 4 5 | 2 3 6 7; the maxima and argmax are computed in that order and put back in place by
/// one cross-lane permute before they are stored. The window's pixels are compared in the same
/// order (x00, x01, x10, x11, strict &gt;) as on the other paths, so maxima, argmax and routed
/// gradients are the same bits.
/// </summary>
internal static unsafe class Pooling2x2Avx2
{
    /// <summary>The even input column of each lane after the even/odd shuffle.</summary>
    private static readonly Vector256<int> ShuffledEvens = Vector256.Create(0, 2, 8, 10, 4, 6, 12, 14);

    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>Row pairs [pair0, pair1); argmax (may be null) gets y·W + x within the input plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxForward(int height, int width, float* input, float* output, int* argmax, int pair0, int pair1)
    {
        Vector256<int> evens = ShuffledEvens, one = Vector256<int>.One;
        Vector256<int> down = Vector256.Create(width), downRight = Vector256.Create(width + 1);
        int ow = width / 2;
        int rowBase = 2 * pair0 % height * width;
        int planeSize = height * width;
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = input + (nint)2 * j * width;
            float* r1 = r0 + width;
            for (int x = 0; x < width; x += 16)
            {
                int n = Math.Min(16, width - x);
                Vector256<float> a0, b0, a1, b1;
                if (n == 16)
                {
                    a0 = Vector256.Load(r0 + x);
                    b0 = Vector256.Load(r0 + x + 8);
                    a1 = Vector256.Load(r1 + x);
                    b1 = Vector256.Load(r1 + x + 8);
                }
                else
                {
                    var m0 = SimdMasks.FirstLanes256(Math.Min(n, 8));
                    var m1 = SimdMasks.FirstLanes256(Math.Max(n - 8, 0));
                    a0 = Avx.MaskLoad(r0 + x, m0);
                    b0 = Avx.MaskLoad(r0 + x + 8, m1);
                    a1 = Avx.MaskLoad(r1 + x, m0);
                    b1 = Avx.MaskLoad(r1 + x + 8, m1);
                }

                var best = WindowMax(
                    Avx.Shuffle(a0, b0, 0x88), Avx.Shuffle(a0, b0, 0xDD), Avx.Shuffle(a1, b1, 0x88), Avx.Shuffle(a1, b1, 0xDD),
                    one, down, downRight, out var pick);
                float* o = output + (nint)j * ow + x / 2;
                best = InPlace(best);
                Avx2Lanes.StoreFirst(o, best, n / 2);

                if (argmax != null)
                {
                    var index = InPlace((Vector256.Create(rowBase + x) + evens + pick).AsSingle());
                    float* at = (float*)(argmax + (nint)j * ow + x / 2);
                    Avx2Lanes.StoreFirst(at, index, n / 2);
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
        Vector256<int> evens = Vector256<int>.Indices * 2;
        Vector256<int> down = Vector256.Create(width), downRight = Vector256.Create(width + 1);
        int ow = width / 2;
        int rowBase = 2 * pair0 % height * width;
        int planeSize = height * width;
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = inputGradient + (nint)2 * j * width;
            float* r1 = r0 + width;
            for (int x = 0; x < width; x += 16)
            {
                int n = Math.Min(16, width - x);
                var mask = SimdMasks.FirstLanes256(n / 2);
                var g = Avx.MaskLoad(outputGradient + (nint)j * ow + x / 2, mask);
                var at = Avx.MaskLoad((float*)(argmax + (nint)j * ow + x / 2), mask).AsInt32() - (Vector256.Create(rowBase + x) + evens);
                var zero = Vector256<float>.Zero;
                var e0 = Vector256.ConditionalSelect(Vector256.Equals(at, Vector256<int>.Zero).AsSingle(), g, zero);
                var o0 = Vector256.ConditionalSelect(Vector256.Equals(at, Vector256<int>.One).AsSingle(), g, zero);
                var e1 = Vector256.ConditionalSelect(Vector256.Equals(at, down).AsSingle(), g, zero);
                var o1 = Vector256.ConditionalSelect(Vector256.Equals(at, downRight).AsSingle(), g, zero);
                Avx2Lanes.InterleaveStore(e0, o0, r0 + x, n);
                Avx2Lanes.InterleaveStore(e1, o1, r1 + x, n);
            }

            rowBase += 2 * width;
            if (rowBase == planeSize)
            {
                rowBase = 0;
            }
        }
    }

    /// <summary>Window sums in window order ((x00 + x01) + x10) + x11, times 1/4, like the other paths.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AvgForward(int width, float* input, float* output, int pair0, int pair1)
    {
        int ow = width / 2;
        var quarter = Vector256.Create(0.25f);
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = input + (nint)2 * j * width;
            float* r1 = r0 + width;
            for (int x = 0; x < width; x += 16)
            {
                int n = Math.Min(16, width - x);
                var m0 = SimdMasks.FirstLanes256(Math.Min(n, 8));
                var m1 = SimdMasks.FirstLanes256(Math.Max(n - 8, 0));
                var a0 = Avx.MaskLoad(r0 + x, m0);
                var b0 = Avx.MaskLoad(r0 + x + 8, m1);
                var a1 = Avx.MaskLoad(r1 + x, m0);
                var b1 = Avx.MaskLoad(r1 + x + 8, m1);
                var sum = Avx.Shuffle(a0, b0, 0x88) + Avx.Shuffle(a0, b0, 0xDD) + Avx.Shuffle(a1, b1, 0x88) + Avx.Shuffle(a1, b1, 0xDD);
                Avx2Lanes.StoreFirst(output + (nint)j * ow + x / 2, InPlace(sum * quarter), n / 2);
            }
        }
    }

    /// <summary>Each input pixel gets a quarter of its window's output gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AvgBackward(int width, float* outputGradient, float* inputGradient, int pair0, int pair1)
    {
        int ow = width / 2;
        var quarter = Vector256.Create(0.25f);
        for (int j = pair0; j < pair1; j++)
        {
            float* r0 = inputGradient + (nint)2 * j * width;
            for (int x = 0; x < width; x += 16)
            {
                int n = Math.Min(16, width - x);
                var g = Avx.MaskLoad(outputGradient + (nint)j * ow + x / 2, SimdMasks.FirstLanes256(n / 2)) * quarter;
                Avx2Lanes.InterleaveStore(g, g, r0 + x, n);
                Avx2Lanes.InterleaveStore(g, g, r0 + width + x, n);
            }
        }
    }

    /// <summary>The 256-bit <see cref="Pooling2x2Avx512.WindowMax"/>: the same comparisons in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> WindowMax(
        Vector256<float> x00, Vector256<float> x01, Vector256<float> x10, Vector256<float> x11,
        Vector256<int> one, Vector256<int> down, Vector256<int> downRight, out Vector256<int> pick)
    {
        var best = x00;
        var m = Vector256.GreaterThan(x01, best);
        best = Vector256.ConditionalSelect(m, x01, best);
        pick = m.AsInt32() & one;
        m = Vector256.GreaterThan(x10, best);
        best = Vector256.ConditionalSelect(m, x10, best);
        pick = Vector256.ConditionalSelect(m.AsInt32(), down, pick);
        m = Vector256.GreaterThan(x11, best);
        best = Vector256.ConditionalSelect(m, x11, best);
        pick = Vector256.ConditionalSelect(m.AsInt32(), downRight, pick);
        return best;
    }

    /// <summary>Windows 0 1 4 5 | 2 3 6 7 (after the in-lane shuffles) back to 0 1 2 3 | 4 5 6 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> InPlace(Vector256<float> v) => Avx2.Permute4x64(v.AsDouble(), 0xD8).AsSingle();
}
