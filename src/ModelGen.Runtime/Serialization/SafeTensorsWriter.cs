using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>One tensor to write: its name, dtype (F16, F32 or F64), shape, and how to write its values.</summary>
internal sealed class OutgoingTensor
{
    private OutgoingTensor(string name, SafeTensorsDtype dtype, int[] shape, long count, Action<Stream> write)
    {
        Name = name;
        Dtype = dtype;
        Shape = shape;
        Bytes = count * dtype.ItemSize;
        Write = write;
    }

    public string Name { get; }

    public SafeTensorsDtype Dtype { get; }

    public int[] Shape { get; }

    /// <summary>The bytes the values take in the file.</summary>
    public long Bytes { get; }

    /// <summary>Writes exactly <see cref="Bytes"/> bytes: the values, little-endian.</summary>
    public Action<Stream> Write { get; }

    /// <summary>
    /// <paramref name="values"/> (float, Half or double) written as <paramref name="dtype"/>, each
    /// rounded to nearest: exact when the values came from a tensor of that dtype.
    /// </summary>
    public static OutgoingTensor Of<T>(string name, SafeTensorsDtype dtype, int[] shape, T[] values)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (dtype != SafeTensorsDtype.F16 && dtype != SafeTensorsDtype.F32 && dtype != SafeTensorsDtype.F64)
            throw new ArgumentException($"Tensor {name}: only F16, F32 and F64 are written, not {dtype.Name}.", nameof(dtype));
        if (shape.Any(d => d < 0) || TensorShape.Size(shape) != values.Length)
            throw new ArgumentException($"Tensor {name}: shape {TensorShape.Text(shape)} does not hold the {values.Length} values given.", nameof(shape));
        return new OutgoingTensor(name, dtype, shape, values.Length, stream => LittleEndianFloats.Write<T>(stream, values, dtype.ItemSize));
    }

}

/// <summary>
/// Writes a safetensors file: the 8-byte little-endian header length, the JSON header (the
/// metadata first, then each tensor's dtype, shape and data_offsets, in the order given, the
/// ranges back to back from 0), padded with spaces so that the data starts at a multiple of 8
/// bytes, then the data. Atomic: readers see the old file or the complete new one.
/// </summary>
internal static class SafeTensorsWriter
{
    private const int Alignment = 8;

    public static void Write(string path, IReadOnlyList<OutgoingTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            if (tensor.Name == SafeTensorsHeader.MetadataKey)
                throw new ArgumentException($"{path}: a tensor cannot be named '{SafeTensorsHeader.MetadataKey}', the format's name for metadata.", nameof(tensors));
            if (!names.Add(tensor.Name))
                throw new ArgumentException($"{path}: two tensors are named '{tensor.Name}'; names in a safetensors file must be unique.", nameof(tensors));
        }

        byte[] header = Header(tensors, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var tensor in tensors)
            {
                long start = stream.Position;
                tensor.Write(stream);
                if (stream.Position - start != tensor.Bytes)
                    throw new InvalidOperationException($"Tensor {tensor.Name} wrote {stream.Position - start} bytes, not {tensor.Bytes}.");
            }
        });
    }

    /// <summary>The header's bytes, padding included.</summary>
    private static byte[] Header(IReadOnlyList<OutgoingTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping: names and metadata stay readable ("a+b", not "a\u002Bb"); the HTML-safe
        // default guards against embedding in a web page, which a header never is.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.Dtype.Name);
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + tensor.Bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += tensor.Bytes;
            }
            json.WriteEndObject();
        }
        // The data starts at 8 + header length: padding the header to a multiple of 8 aligns
        // it, so a reader can map F64 values straight from the file.
        int padded = (buffer.WrittenCount + Alignment - 1) / Alignment * Alignment;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
