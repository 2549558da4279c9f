namespace ModelGen.Samples.Mnist.Book;

/// <summary>The few NumPy behaviours the book's scripts lean on, reproduced where the exact values matter.</summary>
internal static class NumPy
{
    /// <summary>
    /// np.arange(start, stop, step) in double: ⌈(stop − start) / step⌉ values, filled as NumPy
    /// fills them, start + i · δ with δ = (start + step) − start, so that x[i] are NumPy's own
    /// values (np.arange(-5.0, 5.0, 0.1)[50] is −1.8e-14, not 0).
    /// </summary>
    public static double[] Arange(double start, double stop, double step)
    {
        if (step <= 0 || stop <= start) throw new ArgumentException($"arange({start}, {stop}, {step}) would be empty.");
        int length = (int)Math.Ceiling((stop - start) / step);
        var values = new double[length];
        double delta = (start + step) - start;
        for (int i = 0; i < length; i++) values[i] = start + i * delta;
        return values;
    }

    /// <summary>A shape as Python prints a tuple: (784,) or (28, 28).</summary>
    public static string Shape(params int[] dimensions)
        => dimensions.Length == 1 ? $"({dimensions[0]},)" : $"({string.Join(", ", dimensions)})";
}
