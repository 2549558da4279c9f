namespace ModelGen.Serialization;

/// <summary>
/// One tensor of a safetensors file as its header describes it, after every check: the dtype is
/// one of the format's, the shape's byte size is exactly its data range, and the range lies in
/// the data buffer without overlapping another.
/// </summary>
public sealed class SafeTensorInfo
{
    internal SafeTensorInfo(string name, string dtype, int[] shape, long begin, long end)
    {
        Name = name;
        Dtype = dtype;
        Shape = shape;
        Begin = begin;
        End = end;
    }

    /// <summary>The tensor's name in the header (W1, b1, running_mean1, ...).</summary>
    public string Name { get; }

    /// <summary>The element type as the header spells it: "F32", "F16", "BF16", "F64", "I64", ...</summary>
    public string Dtype { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The first byte of the data, counted from the start of the data buffer (after the header).</summary>
    public long Begin { get; }

    /// <summary>One past the last byte of the data, counted like <see cref="Begin"/>.</summary>
    public long End { get; }

    /// <summary>The name, shape and dtype, e.g. "W1 (784x50, F32)".</summary>
    public override string ToString() => $"{Name} ({string.Join("x", Shape)}, {Dtype})";
}
