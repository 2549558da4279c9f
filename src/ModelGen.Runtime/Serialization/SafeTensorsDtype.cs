namespace ModelGen.Serialization;

/// <summary>
/// A safetensors element type: its name in the header ("F32", "BF16", ...) and its size in
/// bits. Every type of the format is known, so any tensor's byte size can be checked against
/// its shape; four of them (<see cref="IsReadable"/>) can be read as numbers here.
/// </summary>
internal readonly record struct SafeTensorsDtype(string Name, int Bits)
{
    public static readonly SafeTensorsDtype F16 = new("F16", 16);
    public static readonly SafeTensorsDtype BF16 = new("BF16", 16);
    public static readonly SafeTensorsDtype F32 = new("F32", 32);
    public static readonly SafeTensorsDtype F64 = new("F64", 64);

    /// <summary>What can be read, for messages.</summary>
    public const string Readable = "F16, BF16, F32 and F64";

    // The format's types. The float4 and float6 types pack values below a byte.
    private static readonly SafeTensorsDtype[] s_all =
    [
        new("BOOL", 8), new("U8", 8), new("I8", 8), new("F8_E5M2", 8), new("F8_E4M3", 8), new("F8_E8M0", 8),
        new("I16", 16), new("U16", 16), F16, BF16,
        new("I32", 32), new("U32", 32), F32,
        new("I64", 64), new("U64", 64), F64, new("C64", 64),
        new("F4", 4), new("F6_E2M3", 6), new("F6_E3M2", 6),
    ];

    /// <summary>The format's type names, for messages.</summary>
    public static string Known => string.Join(", ", s_all.Select(d => d.Name));

    /// <summary>The type named <paramref name="name"/> (case-sensitive, as the format spells it), or null.</summary>
    public static SafeTensorsDtype? Find(string name)
    {
        foreach (var dtype in s_all)
        {
            if (dtype.Name == name) return dtype;
        }
        return null;
    }

    /// <summary>True for the floating-point types read here: F16, BF16, F32 and F64.</summary>
    public bool IsReadable => this == F16 || this == BF16 || this == F32 || this == F64;

    /// <summary>Bytes per value, for the readable types.</summary>
    public int ItemSize => Bits / 8;
}
