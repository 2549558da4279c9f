using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// The 2 x 2, stride-2 pooling kernels, whichever width this machine has: AVX-512
/// (<see cref="Pooling2x2Avx512"/>, and <see cref="Pooling2x2Narrow"/> for maps 8 or 16 wide),
/// else AVX2 (<see cref="Pooling2x2Avx2"/>). All make the same comparisons and sums, so they
/// give the same bits. Work is counted in row pairs of the batch seen as one tall matrix.
/// </summary>
internal static unsafe class Pooling2x2
{
    /// <summary>Whether any of the kernels runs here.</summary>
    public static bool IsSupported => Avx512F.IsSupported || Pooling2x2Avx2.IsSupported;

    /// <summary>Row pairs [pair0, pair1); argmax (may be null) gets y·W + x within the input plane.</summary>
    public static void MaxForward(int height, int width, float* input, float* output, int* argmax, int pair0, int pair1)
    {
        if (Pooling2x2Narrow.Handles(width))
        {
            Pooling2x2Narrow.MaxForward(height, width, input, output, argmax, pair0, pair1);
        }
        else if (Avx512F.IsSupported)
        {
            Pooling2x2Avx512.MaxForward(height, width, input, output, argmax, pair0, pair1);
        }
        else
        {
            Pooling2x2Avx2.MaxForward(height, width, input, output, argmax, pair0, pair1);
        }
    }

    /// <summary>Row pairs [pair0, pair1) of max pooling's backward pass: dx is overwritten.</summary>
    public static void MaxBackward(int height, int width, float* outputGradient, int* argmax, float* inputGradient, int pair0, int pair1)
    {
        if (Pooling2x2Narrow.Handles(width))
        {
            Pooling2x2Narrow.MaxBackward(height, width, outputGradient, argmax, inputGradient, pair0, pair1);
        }
        else if (Avx512F.IsSupported)
        {
            Pooling2x2Avx512.MaxBackward(height, width, outputGradient, argmax, inputGradient, pair0, pair1);
        }
        else
        {
            Pooling2x2Avx2.MaxBackward(height, width, outputGradient, argmax, inputGradient, pair0, pair1);
        }
    }

    /// <summary>Row pairs [pair0, pair1) of average pooling.</summary>
    public static void AvgForward(int width, float* input, float* output, int pair0, int pair1)
    {
        if (Avx512F.IsSupported)
        {
            Pooling2x2Avx512.AvgForward(width, input, output, pair0, pair1);
        }
        else
        {
            Pooling2x2Avx2.AvgForward(width, input, output, pair0, pair1);
        }
    }

    /// <summary>Row pairs [pair0, pair1) of average pooling's backward pass.</summary>
    public static void AvgBackward(int width, float* outputGradient, float* inputGradient, int pair0, int pair1)
    {
        if (Avx512F.IsSupported)
        {
            Pooling2x2Avx512.AvgBackward(width, outputGradient, inputGradient, pair0, pair1);
        }
        else
        {
            Pooling2x2Avx2.AvgBackward(width, outputGradient, inputGradient, pair0, pair1);
        }
    }
}
