using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// One image of a 3 x 3, stride-1 convolution with Winograd's F(2 x 2, 3 x 3): stage and
/// transform the input (<see cref="WinogradTransforms"/>), multiply the 16 transformed
/// filter matrices by the 16 transformed input matrices on the path's micro-kernel, and
/// transform back. 16 products of OutRows x InChannels x Tiles do the work of the direct
/// convolution's OutChannels x 9·InChannels x 4·Tiles: 2.25 times fewer multiplications.
/// </summary>
/// <remarks>
/// The results are not the direct convolution's bits (the sums are regrouped), but they are a
/// fixed function of the image and the weights: any thread count gives the same bits, and so
/// do the fused and separate ReLU and max pool, which all run after this.
/// </remarks>
internal static unsafe class ConvWinograd<TK> where TK : struct, IGemmKernel
{
    /// <summary>
    /// output = ReLU?(W ⊛ input + bias) for one image; the input is gated by ReLU's backward
    /// gate first when <paramref name="gate"/> is not null (an input-gradient convolution).
    /// stage, v and m are the participant's buffers (<see cref="WinogradShape"/> sizes). Only the
    /// out channels of row tiles [t0, t1) (channels t0·MR up to t1·MR or the last) are computed:
    /// the whole input is transformed, the products and the output transform cover those rows.
    /// Each channel gets the bits the whole convolution gives it, so threads may split one image this way.
    /// </summary>
    public static void Convolve(in WinogradShape w, float* input, float* gate, float* packedFilters, float* bias, bool relu, float* output, float* stage, float* v, float* m, int t0, int t1)
    {
        WinogradTransforms.Stage(input, gate, w, stage);
        WinogradTransforms.Input(stage, w, v);
        Multiply(w, packedFilters, v, m, t0, t1);
        WinogradTransforms.Output(m, w, bias, relu, output, t0 * TK.MR, Math.Min(t1 * TK.MR, w.OutChannels));
    }

    /// <summary>M[ξ] = U[ξ] · V[ξ] for ξ = 0 .. 15, rows of row tiles [t0, t1): OutRows x InChannels times InChannels x TilesPad.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply(in WinogradShape w, float* packed, float* v, float* m, int t0, int t1)
    {
        int mr = TK.MR, nr = TK.NR, half = nr / 2, ins = w.InChannels, stride = w.VStride;
        for (int xi = 0; xi < 16; xi++)
        {
            float* a = packed + (nint)xi * w.PackedMatrix;
            float* b = v + (nint)xi * w.VMatrix;
            float* c = m + (nint)xi * w.MMatrix;
            for (int j = 0; j < w.TilesPad;)
            {
                // ConvPlan.PanelRound leaves whole panels and at most one narrow one at the end.
                bool narrow = w.TilesPad - j <= half;
                for (int t = t0; t < t1; t++)
                {
                    float* at = a + (nint)t * mr * ins;
                    float* ct = c + (nint)t * mr * stride + j;
                    if (narrow)
                    {
                        TK.StridedANarrow(ins, at, mr, b + j, stride, ct, stride, false);
                    }
                    else
                    {
                        TK.StridedA(ins, at, mr, b + j, stride, ct, stride, false);
                    }
                }

                j += narrow ? half : nr;
            }
        }
    }
}

/// <summary>The path's <see cref="ConvWinograd{TK}"/>, for the forward and the input-gradient jobs.</summary>
internal static unsafe class ConvWinograd
{
    /// <summary>One image through <see cref="ConvWinograd{TK}"/> on the path's micro-kernel, in the slice's Winograd buffers.</summary>
    public static void Convolve(GemmPath path, in WinogradShape w, float* input, float* gate, float* packed, float* bias, bool relu, float* output, in ConvPlan plan, float* slice) =>
        Convolve(path, w, input, gate, packed, bias, relu, output, plan, slice, 0, w.OutRows / plan.MR);

    /// <summary>Row tiles [t0, t1) of the out channels only (see <see cref="ConvWinograd{TK}.Convolve"/>).</summary>
    public static void Convolve(GemmPath path, in WinogradShape w, float* input, float* gate, float* packed, float* bias, bool relu, float* output, in ConvPlan plan, float* slice, int t0, int t1)
    {
        float* stage = slice + plan.WgStage, v = slice + plan.WgV, m = slice + plan.WgM;
        if (path == GemmPath.Avx512)
        {
            ConvWinograd<GemmKernel512>.Convolve(w, input, gate, packed, bias, relu, output, stage, v, m, t0, t1);
        }
        else
        {
            ConvWinograd<GemmKernel256>.Convolve(w, input, gate, packed, bias, relu, output, stage, v, m, t0, t1);
        }
    }
}
