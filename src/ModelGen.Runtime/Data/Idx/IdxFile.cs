namespace ModelGen.Data;

/// <summary>
/// The contents of an IDX file (the format of MNIST and Fashion-MNIST): its dimensions,
/// outermost first, and its unsigned bytes in row-major order.
/// </summary>
public sealed class IdxFile
{
    /// <summary>Holds the arrays as given, after checking that the dimensions describe exactly the data.</summary>
    /// <param name="path">The file it came from, for messages.</param>
    /// <param name="dimensions">The sizes, outermost first.</param>
    /// <param name="data">The values, row-major.</param>
    public IdxFile(string path, int[] dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        long size = TensorShape.Size(dimensions);
        if (size != data.Length)
            throw new ArgumentException($"{path}: dimensions {TensorShape.Text(dimensions)} hold {size} values but {data.Length} were given.");
        Path = path;
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>The file this was read from, for error messages about its contents.</summary>
    public string Path { get; }

    /// <summary>The sizes, outermost first: [60000, 28, 28] for MNIST training images.</summary>
    public int[] Dimensions { get; }

    /// <summary>The values, row-major.</summary>
    public byte[] Data { get; }
}
