namespace ModelGen.Serialization;

/// <summary>A NumPy array-protocol type string ('&lt;f4', '|u1', ...) that can be read.</summary>
internal readonly record struct NpyDtype(NpyType Type, int ItemSize, bool BigEndian)
{
    /// <summary>What a caller can expect to read, for error messages.</summary>
    public const string Supported = "float16/32/64 ('<f2', '<f4', '<f8'), signed and unsigned integers of 1 to 8 bytes ('|i1', '<i4', '|u1', ...) and bool ('|b1'), either byte order";

    /// <summary>The dtype, or null with <paramref name="problem"/> saying why it cannot be read.</summary>
    public static NpyDtype? TryParse(string descr, out string problem)
    {
        problem = "";
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '='))
        {
            problem = $"dtype '{descr}' is not a simple type string (byte order, kind, size)";
            return null;
        }
        if (!int.TryParse(descr.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
        {
            problem = $"dtype '{descr}' is not supported ({KindName(descr[1])}); supported: {Supported}";
            return null;
        }

        NpyType? type = (descr[1], size) switch
        {
            ('f', 2) => NpyType.Float16,
            ('f', 4) => NpyType.Float32,
            ('f', 8) => NpyType.Float64,
            ('i', 1) => NpyType.Int8,
            ('i', 2) => NpyType.Int16,
            ('i', 4) => NpyType.Int32,
            ('i', 8) => NpyType.Int64,
            ('u', 1) => NpyType.UInt8,
            ('u', 2) => NpyType.UInt16,
            ('u', 4) => NpyType.UInt32,
            ('u', 8) => NpyType.UInt64,
            ('b', 1) => NpyType.Bool,
            _ => null,
        };
        if (type is null)
        {
            problem = $"dtype '{descr}' is not supported ({KindName(descr[1])} of {size} bytes); supported: {Supported}";
            return null;
        }

        // '=' is the writer's native order; NumPy always writes an explicit one, so this only
        // matters for hand-made files, read here as this machine's order.
        bool bigEndian = descr[0] == '>' || (descr[0] == '=' && !BitConverter.IsLittleEndian);
        return new NpyDtype(type.Value, size, bigEndian);
    }

    private static string KindName(char kind) => kind switch
    {
        'f' => "floating point",
        'i' => "signed integer",
        'u' => "unsigned integer",
        'b' => "boolean",
        'c' => "complex",
        'U' => "unicode string",
        'S' or 'a' => "byte string",
        'O' => "Python object",
        'M' => "datetime",
        'm' => "timedelta",
        'V' => "raw or structured",
        _ => $"unknown kind '{kind}'",
    };
}
