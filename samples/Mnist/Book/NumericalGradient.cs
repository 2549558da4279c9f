namespace ModelGen.Samples.Mnist.Book;

/// <summary>
/// The book's numerical differentiation (chapter 4.3), in double as NumPy computes it: the
/// central difference (f(x + h) − f(x − h)) / 2h with h = 1e-4, one coordinate at a time,
/// perturbing x in place and putting the value back (common/gradient.py).
/// </summary>
internal static class NumericalGradient
{
    /// <summary>The book's h: small, but not so small that the difference drowns in rounding.</summary>
    public const double H = 1e-4;

    /// <summary>∂f/∂xᵢ for every coordinate of <paramref name="x"/>; <paramref name="x"/> is unchanged afterwards.</summary>
    public static double[] Of(Func<double[], double> f, double[] x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double kept = x[i];
            x[i] = kept + H;
            double above = f(x);
            x[i] = kept - H;
            double below = f(x);
            gradient[i] = (above - below) / (2 * H);
            x[i] = kept;
        }
        return gradient;
    }

    /// <summary>df/dx at <paramref name="x"/> (the book's numerical_diff): the same difference in one dimension.</summary>
    public static double Derivative(Func<double, double> f, double x) => Of(v => f(v[0]), [x])[0];
}
