using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>Direct (no im2col) double-precision convolution, forward and backward, with per-output sums of |terms| for tolerances.</summary>
internal static class ConvReference
{
    public static (double[] Value, double[] Abs) Forward(in ConvShape s, float[] x, float[] w, float[] b, int count)
    {
        int oh = s.OutHeight, ow = s.OutWidth, k = s.KernelSize;
        var y = new double[count * s.OutputSize];
        var abs = new double[y.Length];
        for (int n = 0; n < count; n++)
        {
            for (int f = 0; f < s.Filters; f++)
            {
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = b[f], sa = Math.Abs(b[f]);
                        for (int c = 0; c < s.Channels; c++)
                        {
                            for (int ky = 0; ky < k; ky++)
                            {
                                for (int kx = 0; kx < k; kx++)
                                {
                                    int iy = oy * s.Stride - s.Pad + ky, ix = ox * s.Stride - s.Pad + kx;
                                    if (iy < 0 || iy >= s.Height || ix < 0 || ix >= s.Width)
                                    {
                                        continue;
                                    }

                                    double t = (double)w[((f * s.Channels + c) * k + ky) * k + kx] * x[((n * s.Channels + c) * s.Height + iy) * s.Width + ix];
                                    sum += t;
                                    sa += Math.Abs(t);
                                }
                            }
                        }

                        int o = ((n * s.Filters + f) * oh + oy) * ow + ox;
                        y[o] = sum;
                        abs[o] = sa;
                    }
                }
            }
        }

        return (y, abs);
    }

    /// <summary>Gradients of L = Σ y·dy, accumulated term by term with their magnitudes.</summary>
    public static (double[] DW, double[] DWAbs, double[] DB, double[] DBAbs, double[] DX, double[] DXAbs) Backward(in ConvShape s, float[] x, float[] w, float[] dy, int count)
    {
        int oh = s.OutHeight, ow = s.OutWidth, k = s.KernelSize;
        var dw = new double[s.WeightSize];
        var dwa = new double[dw.Length];
        var db = new double[s.Filters];
        var dba = new double[db.Length];
        var dx = new double[count * s.InputSize];
        var dxa = new double[dx.Length];
        for (int n = 0; n < count; n++)
        {
            for (int f = 0; f < s.Filters; f++)
            {
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double g = dy[((n * s.Filters + f) * oh + oy) * ow + ox];
                        db[f] += g;
                        dba[f] += Math.Abs(g);
                        for (int c = 0; c < s.Channels; c++)
                        {
                            for (int ky = 0; ky < k; ky++)
                            {
                                for (int kx = 0; kx < k; kx++)
                                {
                                    int iy = oy * s.Stride - s.Pad + ky, ix = ox * s.Stride - s.Pad + kx;
                                    if (iy < 0 || iy >= s.Height || ix < 0 || ix >= s.Width)
                                    {
                                        continue;
                                    }

                                    int wi = ((f * s.Channels + c) * k + ky) * k + kx;
                                    int xi = ((n * s.Channels + c) * s.Height + iy) * s.Width + ix;
                                    dw[wi] += g * x[xi];
                                    dwa[wi] += Math.Abs(g * x[xi]);
                                    dx[xi] += g * w[wi];
                                    dxa[xi] += Math.Abs(g * w[wi]);
                                }
                            }
                        }
                    }
                }
            }
        }

        return (dw, dwa, db, dba, dx, dxa);
    }

    /// <summary>Σ y·r for the reference forward, in double: the scalar loss whose gradient Backward gives.</summary>
    public static double Loss(in ConvShape s, float[] x, float[] w, float[] b, float[] r, int count)
    {
        var (y, _) = Forward(s, x, w, b, count);
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += y[i] * r[i];
        }

        return sum;
    }
}
