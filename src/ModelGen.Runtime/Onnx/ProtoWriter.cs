using System.Buffers.Binary;
using System.Text;

namespace ModelGen.Onnx;

/// <summary>
/// The few protocol-buffer wire-format primitives an ONNX file needs, written by hand: the
/// format is small and stable, and a code generator or a protobuf runtime would be far larger
/// than this file. A field is a tag (field number and wire type) followed by its value: a
/// varint for integers, four little-endian bytes for a float, or a length and the bytes for
/// strings, byte arrays and nested messages. Repeated fields are written one element at a time
/// (unpacked), which every reader accepts whether or not the field is declared packed.
/// </summary>
internal sealed class ProtoWriter
{
    // The wire types of the encoding: 0 varint, 2 length-delimited, 5 fixed 32-bit.
    private const int Varint = 0;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private readonly MemoryStream _bytes = new();

    /// <summary>An int32, int64 or enum field. Negative values take ten bytes, as the encoding says.</summary>
    public void Int64(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint((ulong)value);
    }

    /// <summary>A float field: four bytes, little-endian IEEE 754.</summary>
    public void Float(int field, float value)
    {
        Tag(field, Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _bytes.Write(bytes);
    }

    /// <summary>A string field, in UTF-8.</summary>
    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field: its length, then the bytes.</summary>
    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _bytes.Write(value);
    }

    /// <summary>
    /// A nested message: written by <paramref name="write"/> into a writer of its own first,
    /// because its length comes before it.
    /// </summary>
    public void Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        Bytes(field, inner._bytes.GetBuffer().AsSpan(0, (int)inner._bytes.Length));
    }

    /// <summary>Everything written so far.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    private void Tag(int field, int wireType) => WriteVarint((ulong)((uint)field << 3 | (uint)wireType));

    /// <summary>Seven bits a byte, least significant first; the high bit says more bytes follow.</summary>
    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.WriteByte((byte)value);
    }
}
