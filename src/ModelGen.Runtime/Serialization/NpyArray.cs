namespace ModelGen.Serialization;

/// <summary>
/// One named array of an .npz file, as float32 in C (row-major) order. Arrays of other
/// element types are converted when read; <see cref="SourceType"/> says what the file held.
/// </summary>
public sealed class NpyArray
{
    /// <summary>An array made in code, to be written as float32.</summary>
    /// <param name="name">The name in the archive, without ".npy" (W1, b1, ...).</param>
    /// <param name="shape">The dimensions, outermost first; their product is data.Length.</param>
    /// <param name="data">The values in C order (not copied).</param>
    public NpyArray(string name, int[] shape, float[] data)
        : this(name, shape, data, NpyType.Float32)
    {
    }

    /// <summary>An array read from a file, converted to float32 from <paramref name="sourceType"/>.</summary>
    /// <param name="name">The name in the archive, without ".npy".</param>
    /// <param name="shape">The dimensions, outermost first; their product is data.Length.</param>
    /// <param name="data">The values in C order (not copied).</param>
    /// <param name="sourceType">The element type the file held.</param>
    public NpyArray(string name, int[] shape, float[] data, NpyType sourceType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Any(d => d < 0))
            throw new ArgumentException($"Array {name}: shape {TensorShape.Text(shape)} has a negative dimension.", nameof(shape));
        long size = TensorShape.Size(shape);
        if (size != data.Length)
            throw new ArgumentException($"Array {name}: shape {TensorShape.Text(shape)} holds {size} values but {data.Length} were given.", nameof(data));
        Name = name;
        Shape = shape;
        Data = data;
        SourceType = sourceType;
    }

    /// <summary>The name in the archive, without ".npy" (W1, b1, ...).</summary>
    public string Name { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public int[] Shape { get; }

    /// <summary>The values in C order.</summary>
    public float[] Data { get; }

    /// <summary>The element type in the file (Float32 for arrays made in code).</summary>
    public NpyType SourceType { get; }

    /// <summary>The name, shape and source type, e.g. "W1 (784x50, Float64)".</summary>
    public override string ToString() => $"{Name} ({string.Join("x", Shape)}, {SourceType})";
}
