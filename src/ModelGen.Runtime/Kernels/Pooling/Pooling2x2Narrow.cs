using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// 2 x 2 max pooling (stride 2) for planes 16 or 8 wide, several row pairs per step. The
/// general <see cref="Pooling2x2Avx512"/> loop makes one masked step per row pair, which for these
/// widths yields only 8 or 4 outputs and was measured at ~15 ns a pair, several times the
/// memory traffic. Here 64 consecutive input floats (2 pairs of width 16, or 4 of width 8)
/// become 16 outputs with full loads and stores. The window's four pixels are compared in the
/// same order as in <see cref="Pooling2x2Avx512"/> (x00, x01, x10, x11, strict &gt;), so the maxima,
/// argmax and gradients are the same bits.
/// </summary>
internal static unsafe class Pooling2x2Narrow
{
    // Width 8: from two pairs [r0 r1][r0 r1], the top row's even then odd columns of both.
    private static readonly Vector512<int> TopOfTwo = Vector512.Create(0, 2, 4, 6, 16, 18, 20, 22, 1, 3, 5, 7, 17, 19, 21, 23);
    private static readonly Vector512<int> BottomOfTwo = TopOfTwo + Vector512.Create(8);

    /// <summary>Widths this class takes (with AVX-512).</summary>
    public static bool Handles(int width) => Avx512F.IsSupported && (width == 16 || width == 8);

    /// <summary>Row pairs [pair0, pair1) of planes height x width (16 or 8); see <see cref="Pooling2x2Avx512.MaxForward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxForward(int height, int width, float* input, float* output, int* argmax, int pair0, int pair1)
    {
        Vector512<int> evens = Pooling2x2Avx512.Evens, odds = Pooling2x2Avx512.Odds, top = TopOfTwo, bottom = BottomOfTwo, one = Vector512<int>.One;
        Vector512<int> down = Vector512.Create(width), downRight = Vector512.Create(width + 1);
        int group = 32 / width; // row pairs per 64 input floats
        var rowBase = new RowBase(height, width, pair0);
        // Output lane l of a group is column x = 2·(l mod outputs per pair) of its pair.
        Vector512<int> column = width == 16 ? (Vector512<int>.Indices & Vector512.Create(7)) * 2 : (Vector512<int>.Indices & Vector512.Create(3)) * 2;
        int j = pair0;
        for (; j + group <= pair1; j += group)
        {
            float* r = input + (nint)j * 2 * width;
            var v0 = Vector512.Load(r);
            var v1 = Vector512.Load(r + 16);
            var v2 = Vector512.Load(r + 32);
            var v3 = Vector512.Load(r + 48);
            Vector512<float> e0, o0, e1, o1;
            Vector512<int> bases;
            if (width == 16)
            {
                // v0, v1 = pair j's rows; v2, v3 = pair j+1's.
                e0 = Avx512F.PermuteVar16x32x2(v0, evens, v2);
                o0 = Avx512F.PermuteVar16x32x2(v0, odds, v2);
                e1 = Avx512F.PermuteVar16x32x2(v1, evens, v3);
                o1 = Avx512F.PermuteVar16x32x2(v1, odds, v3);
                int b0 = rowBase.Next(), b1 = rowBase.Next();
                bases = Vector512.Create(Vector256.Create(b0), Vector256.Create(b1));
            }
            else
            {
                // v0..v3 = pairs j..j+3, each [top row, bottom row]; 128-bit lane k of e0 is pair j+k.
                var t01 = Avx512F.PermuteVar16x32x2(v0, top, v1);
                var t23 = Avx512F.PermuteVar16x32x2(v2, top, v3);
                var u01 = Avx512F.PermuteVar16x32x2(v0, bottom, v1);
                var u23 = Avx512F.PermuteVar16x32x2(v2, bottom, v3);
                e0 = Avx512F.Shuffle4x128(t01, t23, 0x44);
                o0 = Avx512F.Shuffle4x128(t01, t23, 0xEE);
                e1 = Avx512F.Shuffle4x128(u01, u23, 0x44);
                o1 = Avx512F.Shuffle4x128(u01, u23, 0xEE);
                int b0 = rowBase.Next(), b1 = rowBase.Next(), b2 = rowBase.Next(), b3 = rowBase.Next();
                bases = Vector512.Create(Vector256.Create(Vector128.Create(b0), Vector128.Create(b1)), Vector256.Create(Vector128.Create(b2), Vector128.Create(b3)));
            }

            var best = Pooling2x2Avx512.WindowMax(e0, o0, e1, o1, one, down, downRight, out var pick);
            best.Store(output + (nint)j * (width / 2));
            if (argmax != null)
            {
                (bases + column + pick).Store(argmax + (nint)j * (width / 2));
            }
        }

        if (j < pair1)
        {
            Pooling2x2Avx512.MaxForward(height, width, input, output, argmax, j, pair1);
        }
    }

    /// <summary>Row pairs [pair0, pair1); see <see cref="Pooling2x2Avx512.MaxBackward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxBackward(int height, int width, float* outputGradient, int* argmax, float* inputGradient, int pair0, int pair1)
    {
        Vector512<int> low = Pooling2x2Avx512.InterleaveLow, high = Pooling2x2Avx512.InterleaveHigh;
        Vector512<int> down = Vector512.Create(width), downRight = Vector512.Create(width + 1);
        int group = 32 / width;
        var rowBase = new RowBase(height, width, pair0);
        Vector512<int> column = width == 16 ? (Vector512<int>.Indices & Vector512.Create(7)) * 2 : (Vector512<int>.Indices & Vector512.Create(3)) * 2;
        var zero = Vector512<float>.Zero;
        int j = pair0;
        for (; j + group <= pair1; j += group)
        {
            Vector512<int> bases;
            if (width == 16)
            {
                int b0 = rowBase.Next(), b1 = rowBase.Next();
                bases = Vector512.Create(Vector256.Create(b0), Vector256.Create(b1));
            }
            else
            {
                int b0 = rowBase.Next(), b1 = rowBase.Next(), b2 = rowBase.Next(), b3 = rowBase.Next();
                bases = Vector512.Create(Vector256.Create(Vector128.Create(b0), Vector128.Create(b1)), Vector256.Create(Vector128.Create(b2), Vector128.Create(b3)));
            }

            nint o = (nint)j * (width / 2);
            var g = Vector512.Load(outputGradient + o);
            var at = Vector512.Load(argmax + o) - (bases + column);
            var e0 = Vector512.ConditionalSelect(Vector512.Equals(at, Vector512<int>.Zero).AsSingle(), g, zero);
            var o0 = Vector512.ConditionalSelect(Vector512.Equals(at, Vector512<int>.One).AsSingle(), g, zero);
            var e1 = Vector512.ConditionalSelect(Vector512.Equals(at, down).AsSingle(), g, zero);
            var o1 = Vector512.ConditionalSelect(Vector512.Equals(at, downRight).AsSingle(), g, zero);
            // Interleaved top rows (r0) and bottom rows (r1): low halves hold the group's first outputs.
            var r0Low = Avx512F.PermuteVar16x32x2(e0, low, o0);
            var r1Low = Avx512F.PermuteVar16x32x2(e1, low, o1);
            var r0High = Avx512F.PermuteVar16x32x2(e0, high, o0);
            var r1High = Avx512F.PermuteVar16x32x2(e1, high, o1);
            float* r = inputGradient + (nint)j * 2 * width;
            if (width == 16)
            {
                // Pair j = [r0Low, r1Low], pair j+1 = [r0High, r1High].
                r0Low.Store(r);
                r1Low.Store(r + 16);
                r0High.Store(r + 32);
                r1High.Store(r + 48);
            }
            else
            {
                // r0Low holds the top rows of pairs j, j+1 (8 floats each), r1Low their bottom rows.
                Avx512F.Shuffle4x128(r0Low, r1Low, 0x44).Store(r);
                Avx512F.Shuffle4x128(r0Low, r1Low, 0xEE).Store(r + 16);
                Avx512F.Shuffle4x128(r0High, r1High, 0x44).Store(r + 32);
                Avx512F.Shuffle4x128(r0High, r1High, 0xEE).Store(r + 48);
            }
        }

        if (j < pair1)
        {
            Pooling2x2Avx512.MaxBackward(height, width, outputGradient, argmax, inputGradient, j, pair1);
        }
    }

    /// <summary>y·W of successive row pairs' top rows within their planes.</summary>
    private struct RowBase(int height, int width, int pair)
    {
        private readonly int _step = 2 * width;
        private readonly int _plane = height * width;
        private int _next = 2 * pair % height * width;

        public int Next()
        {
            int value = _next;
            _next += _step;
            if (_next == _plane)
            {
                _next = 0;
            }

            return value;
        }
    }
}
