namespace ModelGen.Kernels;

/// <summary>
/// Geometry of a pooling layer on NCHW float32 images: <see cref="Size"/> x <see cref="Size"/>
/// windows every <see cref="Stride"/> pixels, no padding (windows that would overhang the
/// right or bottom edge are dropped, as in the book).
/// </summary>
public readonly record struct PoolShape(int Channels, int Height, int Width, int Size, int Stride)
{
    /// <summary>(Height − Size) / Stride + 1.</summary>
    public int OutHeight => (Height - Size) / Stride + 1;

    /// <summary>(Width − Size) / Stride + 1.</summary>
    public int OutWidth => (Width - Size) / Stride + 1;

    /// <summary>Floats in one input image.</summary>
    public int InputSize => Channels * Height * Width;

    /// <summary>Floats in one output image.</summary>
    public int OutputSize => Channels * OutHeight * OutWidth;

    /// <summary>Throws unless every dimension is positive and the window fits the input.</summary>
    public void Validate()
    {
        if (Channels < 1 || Height < 1 || Width < 1 || Size < 1 || Stride < 1 || Size > Height || Size > Width)
        {
            throw new ArgumentException($"Invalid pooling shape {this}.", "s");
        }
    }

    /// <summary>2 x 2 windows, stride 2, even sides: every input pixel is in exactly one window.</summary>
    internal bool IsTwoByTwo => Size == 2 && Stride == 2 && Height % 2 == 0 && Width % 2 == 0;
}
