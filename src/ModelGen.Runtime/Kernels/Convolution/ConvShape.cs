namespace ModelGen.Kernels;

/// <summary>
/// Geometry of a 2-D convolution layer on NCHW float32 images: <see cref="Channels"/> x
/// <see cref="Height"/> x <see cref="Width"/> in, <see cref="Filters"/> square kernels of
/// <see cref="KernelSize"/> (weights (Filters, Channels, KernelSize, KernelSize), bias
/// (Filters)), zero padding <see cref="Pad"/> on every side.
/// </summary>
public readonly record struct ConvShape(int Channels, int Height, int Width, int Filters, int KernelSize, int Stride, int Pad)
{
    /// <summary>(Height + 2·Pad − KernelSize) / Stride + 1.</summary>
    public int OutHeight => (Height + 2 * Pad - KernelSize) / Stride + 1;

    /// <summary>(Width + 2·Pad − KernelSize) / Stride + 1.</summary>
    public int OutWidth => (Width + 2 * Pad - KernelSize) / Stride + 1;

    /// <summary>Floats in one input image.</summary>
    public int InputSize => Channels * Height * Width;

    /// <summary>Floats in one output image.</summary>
    public int OutputSize => Filters * OutHeight * OutWidth;

    /// <summary>Floats in the weights.</summary>
    public int WeightSize => Filters * PatchSize;

    /// <summary>Floats in one receptive field: Channels · KernelSize².</summary>
    public int PatchSize => Channels * KernelSize * KernelSize;

    /// <summary>Throws unless every dimension is positive and the kernel fits the padded input.</summary>
    public void Validate()
    {
        if (Channels < 1 || Height < 1 || Width < 1 || Filters < 1 || KernelSize < 1 || Stride < 1 || Pad < 0)
        {
            throw new ArgumentException($"Invalid convolution shape {this}.", "s");
        }

        if (Height + 2 * Pad < KernelSize || Width + 2 * Pad < KernelSize)
        {
            throw new ArgumentException($"Kernel {KernelSize} does not fit the padded input in {this}.", "s");
        }
    }
}
