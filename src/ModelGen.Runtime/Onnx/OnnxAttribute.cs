namespace ModelGen.Onnx;

/// <summary>
/// A named attribute of an ONNX node: an integer (Softmax's axis), a list of integers
/// (Conv's pads) or a float (BatchNormalization's epsilon), the three kinds the layers need.
/// </summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeKind kind, long[] integers, float number)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        Integers = integers;
        Number = number;
    }

    /// <summary>The attribute's name in the operator's specification: "pads", "axis", ...</summary>
    public string Name { get; }

    internal OnnxAttributeKind Kind { get; }

    /// <summary>The value of an <see cref="Int"/> attribute (one element) or of an <see cref="Ints"/> one.</summary>
    internal long[] Integers { get; }

    /// <summary>The value of a <see cref="Float"/> attribute.</summary>
    internal float Number { get; }

    /// <summary>One integer.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeKind.Int, [value], 0);

    /// <summary>A list of integers.</summary>
    public static OnnxAttribute Ints(string name, params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, OnnxAttributeKind.Ints, (long[])values.Clone(), 0);
    }

    /// <summary>One float.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeKind.Float, [], value);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        OnnxAttributeKind.Float => $"{Name}={Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        OnnxAttributeKind.Int => $"{Name}={Integers[0]}",
        _ => $"{Name}=[{string.Join(", ", Integers)}]",
    };
}

/// <summary>The attribute kinds used, numbered as onnx.proto's AttributeProto.AttributeType.</summary>
internal enum OnnxAttributeKind
{
    Float = 1,
    Int = 2,
    Ints = 7,
}
