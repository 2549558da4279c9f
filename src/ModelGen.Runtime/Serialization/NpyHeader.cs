using System.Globalization;
using System.Text;
using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// The header of one .npy file: magic "\x93NUMPY", version, header length, then a Python dict
/// literal with 'descr', 'fortran_order' and 'shape', padded with spaces and ending in '\n'.
/// </summary>
internal sealed record NpyHeader(NpyDtype Dtype, bool FortranOrder, int[] Shape)
{
    // Spelled as bytes: the u8 literal "\x93NUMPY" would encode U+0093 as two UTF-8 bytes.
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The prefix of a version 1.0 file: magic (6), version (2), header length (2).</summary>
    private const int PrefixV1 = 10;

    /// <summary>Versions 2.0 and 3.0 have a 4-byte header length.</summary>
    private const int PrefixV2 = 12;

    // An array's header is about 120 bytes, under 1,000 even for 64 dimensions; only a
    // structured dtype (not supported here) needs more, and NumPy itself refuses headers over
    // 10,000 bytes unless told otherwise. The limit keeps a damaged length field, or a hostile
    // header, from costing much to read and parse.
    private const int MaxHeaderLength = 4096;

    /// <summary>Data starts at a multiple of this, as NumPy writes it (for memory mapping).</summary>
    private const int Alignment = 64;

    // NumPy 2 allows 64 dimensions (NumPy 1, 32); a longer shape is damage, and refusing it
    // keeps a shape of thousands of ones from costing an index per dimension.
    private const int MaxDimensions = 64;

    /// <summary>The number of values the shape holds.</summary>
    public long Count
    {
        get
        {
            long count = 1;
            foreach (int d in Shape) count *= d;
            return count;
        }
    }

    /// <summary>The bytes of data the shape and dtype need.</summary>
    public long DataBytes => Count * Dtype.ItemSize;

    /// <summary>
    /// Reads the prefix and header of an entry of <paramref name="entryLength"/> bytes; the stream
    /// is left at the first data byte. The header's length is checked against the entry's
    /// before the header is read, so a damaged length field costs nothing.
    /// </summary>
    public static NpyHeader Read(Stream stream, long entryLength, string file, string array, out int headerBytes)
    {
        Span<byte> prefix = stackalloc byte[PrefixV2];
        if (stream.ReadAtLeast(prefix[..PrefixV1], PrefixV1, throwOnEndOfStream: false) < PrefixV1)
            throw Invalid(file, array, "the entry is shorter than the 10-byte .npy prefix");
        if (!prefix[..6].SequenceEqual(Magic))
            throw Invalid(file, array, $"not an .npy array: it starts with {Convert.ToHexString(prefix[..6])}, not the magic 934E554D5059 (\"\\x93NUMPY\")");

        byte major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
            throw Invalid(file, array, $".npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)");

        int length;
        int prefixLength;
        if (major == 1)
        {
            length = prefix[8] | (prefix[9] << 8);
            prefixLength = PrefixV1;
        }
        else
        {
            if (stream.ReadAtLeast(prefix[PrefixV1..], 2, throwOnEndOfStream: false) < 2)
                throw Invalid(file, array, "the entry ends inside the .npy prefix");
            uint length32 = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            length = (int)Math.Min(length32, int.MaxValue);
            prefixLength = PrefixV2;
        }

        if (prefixLength + (long)length > entryLength)
            throw Invalid(file, array, $"the entry ends inside the {length}-byte header (it holds {entryLength} bytes in all)");
        if (length > MaxHeaderLength)
            throw Invalid(file, array, $"the header is {length} bytes long, more than the {MaxHeaderLength} any supported array needs; it is damaged, or describes a structured dtype, which is not supported");
        var headerBytesRead = new byte[length];
        if (stream.ReadAtLeast(headerBytesRead, length, throwOnEndOfStream: false) < length)
            throw Invalid(file, array, $"the entry ends inside the {length}-byte header");
        headerBytes = prefixLength + length;

        // Versions 1 and 2 are latin-1; version 3 allows UTF-8 (for structured field names).
        string text = major == 3 ? Encoding.UTF8.GetString(headerBytesRead) : Encoding.Latin1.GetString(headerBytesRead);
        return Parse(text, file, array);
    }

    private static NpyHeader Parse(string text, string file, string array)
    {
        if (!text.EndsWith('\n'))
            throw Invalid(file, array, "the header does not end with a newline; it is truncated or corrupt");

        object? literal;
        try
        {
            literal = PythonLiteral.Parse(text);
        }
        catch (FormatException e)
        {
            throw Invalid(file, array, $"the header is not a valid Python dict literal ({e.Message}): {Shorten(text)}");
        }
        if (literal is not Dictionary<string, object?> dict)
            throw Invalid(file, array, $"the header is not a dict: {Shorten(text)}");

        string[] expectedKeys = ["descr", "fortran_order", "shape"];
        if (dict.Count != expectedKeys.Length || !expectedKeys.All(dict.ContainsKey))
            throw Invalid(file, array, $"the header must have exactly the keys descr, fortran_order and shape, but has {string.Join(", ", dict.Keys)}");

        if (dict["descr"] is not string descr)
            throw Invalid(file, array, $"the dtype is not a simple type string (structured arrays are not supported): {Shorten(text)}");
        if (NpyDtype.TryParse(descr, out string problem) is not { } dtype)
            throw Invalid(file, array, problem);

        if (dict["fortran_order"] is not bool fortranOrder)
            throw Invalid(file, array, "fortran_order is not True or False");

        if (dict["shape"] is not PythonTuple { Items: var items })
            throw Invalid(file, array, "the shape is not a tuple");
        if (items.Count > MaxDimensions)
            throw Invalid(file, array, $"the shape has {items.Count} dimensions; NumPy allows at most {MaxDimensions}");
        var shape = new int[items.Count];
        long count = 1;
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not long d || d < 0 || d > int.MaxValue)
                throw Invalid(file, array, $"shape dimension {i} is not a non-negative 32-bit integer: {Shorten(text)}");
            shape[i] = (int)d;
            count *= d;
            if (count > Array.MaxLength)
                throw Invalid(file, array, $"the shape {FormatShape(shape)} holds more values than one array can");
        }
        return new NpyHeader(dtype, fortranOrder, shape);
    }

    /// <summary>The prefix and header of a float32 little-endian C-order array, padded as NumPy pads it.</summary>
    public static byte[] FormatFloat32(int[] shape) => Format("<f4", shape);

    /// <summary>The prefix and header of a float16 little-endian C-order array.</summary>
    public static byte[] FormatFloat16(int[] shape) => Format("<f2", shape);

    /// <summary>The prefix and header of a float64 little-endian C-order array.</summary>
    public static byte[] FormatFloat64(int[] shape) => Format("<f8", shape);

    private static byte[] Format(string descr, int[] shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}";
        // Version 1.0 unless the header outgrows its 2-byte length (only with absurd ranks).
        bool v1 = PrefixV1 + dict.Length + 1 <= ushort.MaxValue;
        int prefixLength = v1 ? PrefixV1 : PrefixV2;
        int total = prefixLength + dict.Length + 1;
        total = (total + Alignment - 1) / Alignment * Alignment;
        int headerLength = total - prefixLength;

        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = v1 ? (byte)1 : (byte)2;
        bytes[7] = 0;
        if (v1)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        else
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        bytes.AsSpan(prefixLength).Fill((byte)' ');
        Encoding.Latin1.GetBytes(dict, bytes.AsSpan(prefixLength));
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>A shape as Python writes a tuple: (), (3,), (3, 4).</summary>
    public static string FormatShape(int[] shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
        _ => $"({string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})",
    };

    private static string Shorten(string text)
    {
        string trimmed = text.TrimEnd();
        return trimmed.Length <= 120 ? trimmed : trimmed[..120] + "...";
    }

    private static InvalidDataFileException Invalid(string file, string array, string problem) => new(file, $"array '{array}': {problem}.");
}
