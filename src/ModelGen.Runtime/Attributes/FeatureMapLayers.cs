namespace ModelGen;

/// <summary>
/// Convolution (chapter 7.2) with square kernels: weights (filters, channels, size, size) as in
/// the book, one bias per filter. Output size (H + 2·Pad − size) / Stride + 1, which must be whole.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConvAttribute(int filters, int size) : WeightedLayerAttribute
{
    /// <summary>Output channels: the number of filters.</summary>
    public int Filters { get; } = filters;

    /// <summary>The kernel's height and width.</summary>
    public int Size { get; } = size;

    /// <summary>The step between kernel positions; 1 unless set.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added on every side of the input; 0 unless set.</summary>
    public int Pad { get; set; }
}

/// <summary>Max pooling (chapter 7.3) over size x size windows; the gradient goes to each window's maximum.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPoolAttribute(int size) : LayerAttribute
{
    /// <summary>The window's height and width, in pixels.</summary>
    public int Size { get; } = size;

    /// <summary>The step between windows; the window size unless set.</summary>
    public int Stride { get; set; } = size;
}

/// <summary>Average pooling over size x size windows.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPoolAttribute(int size) : LayerAttribute
{
    /// <summary>The window's height and width, in pixels.</summary>
    public int Size { get; } = size;

    /// <summary>The step between windows; the window size unless set.</summary>
    public int Stride { get; set; } = size;
}

/// <summary>
/// Dropout (chapter 6.4.3): while training, each value is zeroed with probability
/// <paramref name="ratio"/>; at inference every value is scaled by (1 − ratio), as the book does.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute(double ratio) : LayerAttribute
{
    /// <summary>The probability that a value is dropped while training, from 0 up to (not including) 1.</summary>
    public double Ratio { get; } = ratio;
}
