using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// The general convolution (any stride and padding) by explicit im2col + GEMM, per image. The
/// network's layers are all stride 1 and take <see cref="ConvImplicit{TK}"/>; this path keeps
/// every other geometry correct.
/// </summary>
internal static unsafe class ConvIm2Col
{
    /// <summary>col (C·K² x OH·OW): row (c, ky, kx), column (oy, ox) = input[c][oy·S − P + ky][ox·S − P + kx], or 0 outside.</summary>
    public static void Im2Col(in ConvShape s, float* input, float* col) => Walk<Gather>(s, input, col);

    /// <summary>The adjoint of <see cref="Im2Col"/>: adds each col element back to its input position.</summary>
    public static void Col2ImAdd(in ConvShape s, float* col, float* input) => Walk<ScatterAdd>(s, input, col);

    /// <summary>
    /// Visits every element of the im2col matrix in its row-major order, with the input pixel it
    /// stands for (null in the padding). One loop nest serves im2col and its adjoint, so the two
    /// can never disagree on which pixel an element belongs to.
    /// </summary>
    private static void Walk<TVisit>(in ConvShape s, float* input, float* col) where TVisit : struct, IVisit
    {
        int oh = s.OutHeight, ow = s.OutWidth, k = s.KernelSize;
        for (int c = 0; c < s.Channels; c++)
        {
            float* plane = input + (nint)c * s.Height * s.Width;
            for (int ky = 0; ky < k; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int y = oy * s.Stride - s.Pad + ky;
                        bool rowInside = (uint)y < (uint)s.Height;
                        for (int ox = 0; ox < ow; ox++)
                        {
                            int x = ox * s.Stride - s.Pad + kx;
                            TVisit.Visit(rowInside && (uint)x < (uint)s.Width ? plane + y * s.Width + x : null, col++);
                        }
                    }
                }
            }
        }
    }

    private interface IVisit
    {
        /// <summary>One im2col element and its input pixel (null in the padding).</summary>
        static abstract void Visit(float* pixel, float* element);
    }

    /// <summary>im2col: the element takes the pixel's value, or 0 in the padding.</summary>
    private struct Gather : IVisit
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Visit(float* pixel, float* element) => *element = pixel != null ? *pixel : 0f;
    }

    /// <summary>col2im: the element is added to its pixel; padding elements go nowhere.</summary>
    private struct ScatterAdd : IVisit
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Visit(float* pixel, float* element)
        {
            if (pixel != null)
            {
                *pixel += *element;
            }
        }
    }

    /// <summary>One image: output = W · im2col(input) + bias, then ReLU when <paramref name="relu"/>.</summary>
    public static void ForwardImage(GemmPath path, in ConvPlan p, float* input, float* weights, float* output, float* bias, bool relu, float* slice)
    {
        ConvShape s = p.S;
        float* col = slice + p.Col;
        int positions = p.OH * p.OW;
        Im2Col(s, input, col);
        Multiply(path, weights, col, output, s.Filters, p.Patch, positions, false, false, false);
        for (int f = 0; f < s.Filters; f++)
        {
            ConvMemory.AddBias(output + (nint)f * positions, positions, bias[f], relu);
        }
    }

    /// <summary>
    /// gradWT (C·K² x F) += col · dYᵀ and gradB += dY's per-filter sums, dY gated first when
    /// <paramref name="reluOutput"/> is not null (into the slice, since the GEMM reads it in place).
    /// </summary>
    public static void WeightGradientImage(GemmPath path, in ConvPlan p, float* input, float* outputGradient, float* reluOutput, float* gradWT, float* gradB, float* slice)
    {
        ConvShape s = p.S;
        float* col = slice + p.Col;
        float* dy = outputGradient;
        if (reluOutput != null)
        {
            dy = slice + p.Gated;
            ConvGradientRows.Expand(outputGradient, reluOutput, s.Filters, p.OH, p.OW, p.OW, dy, p.OH * p.OW, gradB);
        }
        else
        {
            ConvGradientRows.Expand(outputGradient, null, s.Filters, p.OH, p.OW, p.OW, null, 0, gradB);
        }

        Im2Col(s, input, col);
        Multiply(path, col, dy, gradWT, p.Patch, p.OH * p.OW, s.Filters, false, true, true);
    }

    /// <summary>dX = col2im(Wᵀ · dY), dY gated first when <paramref name="reluOutput"/> is not null.</summary>
    public static void InputGradientImage(GemmPath path, in ConvPlan p, float* weights, float* outputGradient, float* reluOutput, float* inputGradient, float* slice)
    {
        ConvShape s = p.S;
        float* col = slice + p.Col;
        if (reluOutput != null)
        {
            float* gated = slice + p.Gated;
            ElementwiseKernels.ReluBackward(reluOutput, outputGradient, gated, s.OutputSize);
            outputGradient = gated;
        }

        Multiply(path, weights, outputGradient, col, p.Patch, s.Filters, p.OH * p.OW, true, false, false);
        ConvMemory.Zero(inputGradient, s.InputSize);
        Col2ImAdd(s, col, inputGradient);
    }

    private static void Multiply(GemmPath path, float* a, float* b, float* c, int m, int k, int n, bool transA, bool transB, bool accumulate)
    {
        var g = new GemmProblem { A = a, B = b, C = c, M = m, K = k, N = n, TransA = transA, TransB = transB, Accumulate = accumulate };
        GemmJob.Run(path, g, allowThreads: false);
    }
}
