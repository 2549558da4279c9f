using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ModelGen.Serialization;

/// <summary>
/// Writes one array as a version 1.0 .npy file of little-endian float32, or float16 for an array
/// whose <see cref="NpyArray.SourceType"/> is <see cref="NpyType.Float16"/> (each value rounded to
/// the nearest <see cref="Half"/>).
/// </summary>
internal static class NpyWriter
{
    public static void Write(Stream stream, NpyArray array)
    {
        if (array.SourceType == NpyType.Float16)
        {
            WriteHalf(stream, array);
            return;
        }
        stream.Write(NpyHeader.FormatFloat32(array.Shape));
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(array.Data.AsSpan()));
            return;
        }

        // The format is little-endian whatever the machine.
        Span<byte> value = stackalloc byte[4];
        foreach (float f in array.Data)
        {
            BinaryPrimitives.WriteSingleLittleEndian(value, f);
            stream.Write(value);
        }
    }

    private static void WriteHalf(Stream stream, NpyArray array)
    {
        stream.Write(NpyHeader.FormatFloat16(array.Shape));
        Span<byte> value = stackalloc byte[2];
        foreach (float f in array.Data)
        {
            BinaryPrimitives.WriteHalfLittleEndian(value, (Half)f);
            stream.Write(value);
        }
    }
}
