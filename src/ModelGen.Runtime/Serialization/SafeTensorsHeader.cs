using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// The JSON header of a safetensors file, parsed and checked against the format's rules: an
/// object whose members are tensors ({"dtype", "shape", "data_offsets": [begin, end]}) and an
/// optional "__metadata__" object of strings, padded with spaces only; every tensor's byte
/// size agrees with its dtype and shape, and the tensors' ranges cover the data buffer exactly,
/// without holes or overlaps. The first problem found is an <see cref="InvalidDataFileException"/>
/// naming the file, the tensor and what is wrong.
/// </summary>
internal static class SafeTensorsHeader
{
    /// <summary>The member that holds metadata rather than a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>
    /// The longest header read: the format's reference implementation refuses more than 100 MB,
    /// and a header that long would describe a million tensors. Checked before the header is
    /// read, so a damaged length field costs nothing.
    /// </summary>
    public const long MaxLength = 100_000_000;

    /// <summary>
    /// Parses <paramref name="header"/> (the header's bytes, padding included) for a file whose
    /// data buffer is <paramref name="dataLength"/> bytes; returns the tensors in header order
    /// and the metadata.
    /// </summary>
    public static (List<SafeTensorInfo> Tensors, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> header, long dataLength, string path)
    {
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            int at = FirstInvalidUtf8(header);
            throw new InvalidDataFileException(path, $"its header is not valid UTF-8: byte {at} of the header (0x{header[at]:X2}) does not belong to a UTF-8 character.");
        }
        if (header[0] != (byte)'{')
            throw new InvalidDataFileException(path, $"its header must be a JSON object, which starts with '{{', but it starts with {Describe(header[0])}.");

        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>? metadata = null;
        int end;
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        try
        {
            reader.Read(); // the '{' checked above
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (name == MetadataKey)
                {
                    if (metadata is not null)
                        throw new InvalidDataFileException(path, $"its header has two '{MetadataKey}' members.");
                    metadata = ReadMetadata(ref reader, path);
                    continue;
                }
                if (!names.Add(name))
                    throw new InvalidDataFileException(path, $"tensor '{name}' appears twice in its header; names must be unique.");
                entries.Add(ReadTensor(ref reader, name, path));
            }
            end = checked((int)reader.BytesConsumed);
        }
        catch (JsonException e)
        {
            throw new InvalidDataFileException(path, $"its header is not valid JSON ({e.Message}).", e);
        }
        catch (InvalidOperationException e)
        {
            // A string whose escapes are not valid UTF-16 (a lone surrogate such as \ud800).
            throw new InvalidDataFileException(path, $"its header is not valid JSON ({e.Message}).", e);
        }

        for (int i = end; i < header.Length; i++)
        {
            if (header[i] != (byte)' ')
                throw new InvalidDataFileException(path, $"its header holds more after the JSON object ({Describe(header[i])} at byte {i} of the header); a header may be padded only with spaces.");
        }
        // The JSON is well-formed and each entry has its fields: now what they say, against the data.
        var tensors = entries.Select(e => Checked(e, dataLength, path)).ToList();
        CheckLayout(tensors, dataLength, path);
        return (tensors, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>Reads the next token; the top-level object's members are property names until its end.</summary>
    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("the header ends inside the JSON object");
        return reader.TokenType;
    }

    private static Dictionary<string, string> ReadMetadata(ref Utf8JsonReader reader, string path)
    {
        if (Next(ref reader) != JsonTokenType.StartObject)
            throw new InvalidDataFileException(path, $"its '{MetadataKey}' is {TokenName(reader.TokenType)}, not an object of strings.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            if (Next(ref reader) != JsonTokenType.String)
                throw new InvalidDataFileException(path, $"its '{MetadataKey}' entry '{key}' is {TokenName(reader.TokenType)}; metadata values must be strings.");
            if (!metadata.TryAdd(key, reader.GetString()!))
                throw new InvalidDataFileException(path, $"its '{MetadataKey}' has the key '{key}' twice.");
        }
        return metadata;
    }

    /// <summary>A tensor's fields as the header gives them, before they are checked against each other and the data.</summary>
    private sealed record Entry(string Name, string Dtype, int[] Shape, ulong Begin, ulong End);

    private static Entry ReadTensor(ref Utf8JsonReader reader, string name, string path)
    {
        if (Next(ref reader) != JsonTokenType.StartObject)
            throw Invalid(path, name, $"it is {TokenName(reader.TokenType)}, not an object with dtype, shape and data_offsets");
        string? dtypeName = null;
        int[]? shape = null;
        (ulong Begin, ulong End)? offsets = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string field = reader.GetString()!;
            switch (field)
            {
                case "dtype":
                    if (dtypeName is not null) throw Twice(path, name, field);
                    if (Next(ref reader) != JsonTokenType.String)
                        throw Invalid(path, name, $"its dtype is {TokenName(reader.TokenType)}, not a string");
                    dtypeName = reader.GetString()!;
                    break;
                case "shape":
                    if (shape is not null) throw Twice(path, name, field);
                    shape = ReadShape(ref reader, name, path);
                    break;
                case "data_offsets":
                    if (offsets is not null) throw Twice(path, name, field);
                    offsets = ReadOffsets(ref reader, name, path);
                    break;
                default:
                    throw Invalid(path, name, $"it has the field '{field}'; a tensor has exactly dtype, shape and data_offsets");
            }
        }

        string[] missing = [.. new[] { ("dtype", dtypeName is null), ("shape", shape is null), ("data_offsets", offsets is null) }.Where(f => f.Item2).Select(f => f.Item1)];
        if (missing.Length > 0)
            throw Invalid(path, name, $"it has no {string.Join(" and no ", missing)}");
        return new Entry(name, dtypeName!, shape!, offsets!.Value.Begin, offsets.Value.End);
    }

    /// <summary>The entry's dtype, range and size, checked against each other and the data buffer.</summary>
    private static SafeTensorInfo Checked(Entry entry, long dataLength, string path)
    {
        string name = entry.Name;
        if (SafeTensorsDtype.Find(entry.Dtype) is not { } dtype)
            throw Invalid(path, name, $"its dtype '{Shorten(entry.Dtype)}' is not a safetensors dtype (those are {SafeTensorsDtype.Known})");

        var (begin, end) = (entry.Begin, entry.End);
        string range = $"[{begin}, {end}]";
        if (begin > end)
            throw Invalid(path, name, $"its data_offsets {range} are reversed: the end comes before the beginning");
        if (end > (ulong)dataLength)
            throw Invalid(path, name, $"its data_offsets {range} reach beyond the {dataLength}-byte data buffer that follows the header");
        ulong held = end - begin;
        ulong? needed = ByteSize(entry.Shape, dtype, dataLength, out string needs);
        if (needed != held)
            throw Invalid(path, name, $"its shape {TensorShape.Text(entry.Shape)} of {dtype.Name} needs {needs}, but its data_offsets {range} hold {held} bytes");
        return new SafeTensorInfo(name, dtype.Name, entry.Shape, (long)begin, (long)end);
    }

    /// <summary>
    /// The bytes a shape of <paramref name="dtype"/> needs, or null (with <paramref name="needs"/>
    /// saying why) when that is not a whole number of bytes or more than the data buffer holds: a
    /// claimed shape is never multiplied out without a bound.
    /// </summary>
    private static ulong? ByteSize(int[] shape, SafeTensorsDtype dtype, long dataLength, out string needs)
    {
        UInt128 bits = shape.Contains(0) ? 0 : (UInt128)dtype.Bits;
        UInt128 limit = (UInt128)dataLength * 8;
        foreach (int d in shape)
        {
            bits *= (uint)d; // at most limit * 2^31 before the check below: no overflow
            if (bits > limit)
            {
                needs = $"more than the {dataLength} bytes of the whole data buffer";
                return null;
            }
        }
        if (bits % 8 != 0)
        {
            needs = $"{bits} bits, not a whole number of bytes";
            return null;
        }
        ulong bytes = (ulong)(bits / 8);
        needs = $"{bytes} bytes";
        return bytes;
    }

    private static int[] ReadShape(ref Utf8JsonReader reader, string tensor, string path)
    {
        if (Next(ref reader) != JsonTokenType.StartArray)
            throw Invalid(path, tensor, $"its shape is {TokenName(reader.TokenType)}, not an array of dimensions");
        var shape = new List<int>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            string what = $"shape dimension {shape.Count}";
            ulong d = NonNegative(ref reader, tensor, what, path);
            if (d > int.MaxValue)
                throw Invalid(path, tensor, $"its {what} is {d}, more than the {int.MaxValue} an array dimension can be here");
            shape.Add((int)d);
        }
        return [.. shape];
    }

    private static (ulong, ulong) ReadOffsets(ref Utf8JsonReader reader, string tensor, string path)
    {
        if (Next(ref reader) != JsonTokenType.StartArray)
            throw Invalid(path, tensor, $"its data_offsets are {TokenName(reader.TokenType)}, not an array [begin, end]");
        var values = new List<ulong>(2);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (values.Count == 2)
                throw Invalid(path, tensor, "its data_offsets hold more than two numbers; they must be [begin, end]");
            values.Add(NonNegative(ref reader, tensor, values.Count == 0 ? "data_offsets begin" : "data_offsets end", path));
        }
        if (values.Count != 2)
            throw Invalid(path, tensor, $"its data_offsets hold {values.Count} number(s); they must be two, [begin, end]");
        return (values[0], values[1]);
    }

    /// <summary>The current token as a JSON integer of at least zero (no sign, fraction or exponent).</summary>
    private static ulong NonNegative(ref Utf8JsonReader reader, string tensor, string what, string path)
    {
        if (reader.TokenType != JsonTokenType.Number)
            throw Invalid(path, tensor, $"its {what} is {TokenName(reader.TokenType)}, not a non-negative integer");
        string raw = Encoding.UTF8.GetString(reader.ValueSpan);
        if (raw.StartsWith('-') || raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
            throw Invalid(path, tensor, $"its {what} is {Shorten(raw)}, not a non-negative integer");
        if (!reader.TryGetUInt64(out ulong value))
            throw Invalid(path, tensor, $"its {what} is {Shorten(raw)}, more than any file can hold");
        return value;
    }

    /// <summary>
    /// The tensors' ranges, in order of position, must tile the data buffer: the first starts at
    /// 0, each starts where the one before ends, and the last ends where the file does. The
    /// format asks for this so that no byte of the file is unaccounted for (no hidden payloads).
    /// </summary>
    private static void CheckLayout(List<SafeTensorInfo> tensors, long dataLength, string path)
    {
        var ordered = tensors.OrderBy(t => t.Begin).ThenBy(t => t.End).ToList();
        long position = 0;
        SafeTensorInfo? previous = null;
        foreach (var tensor in ordered)
        {
            if (tensor.Begin < position)
                throw new InvalidDataFileException(path, $"tensors '{previous!.Name}' (data_offsets [{previous.Begin}, {previous.End}]) and '{tensor.Name}' ([{tensor.Begin}, {tensor.End}]) overlap.");
            if (tensor.Begin > position)
            {
                string before = previous is null ? "before the first tensor" : $"between '{previous.Name}' and '{tensor.Name}'";
                throw new InvalidDataFileException(path, $"bytes {position} to {tensor.Begin} of the data buffer belong to no tensor ({before}); the format allows no holes.");
            }
            position = tensor.End;
            previous = tensor;
        }
        if (position < dataLength)
        {
            throw new InvalidDataFileException(path, previous is null
                ? $"the header lists no tensors, yet {dataLength} bytes of data follow it; the format allows no trailing bytes."
                : $"the file holds {dataLength - position} bytes after its tensors' data: the last tensor, '{previous.Name}', ends at byte {position} of the {dataLength}-byte data buffer; the format allows no trailing bytes.");
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int at = 0;
        while (at < bytes.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(bytes[at..], out _, out int consumed);
            if (status != OperationStatus.Done) return at;
            at += consumed;
        }
        return 0;
    }

    private static string Describe(byte b) => b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"the byte 0x{b:X2}";

    private static string TokenName(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static InvalidDataFileException Twice(string path, string tensor, string field) => Invalid(path, tensor, $"it has the field '{field}' twice");

    private static InvalidDataFileException Invalid(string path, string tensor, string problem) => new(path, $"tensor '{tensor}': {problem}.");
}
