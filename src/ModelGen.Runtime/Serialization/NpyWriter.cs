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

    /// <summary>
    /// Writes <paramref name="values"/> as a little-endian array of <paramref name="type"/>
    /// (Float16, Float32 or Float64), each value narrowed to that type: exact for values that
    /// were read from an array of that type, which is what a conversion between formats needs.
    /// </summary>
    public static void Write(Stream stream, int[] shape, NpyType type, ReadOnlySpan<double> values)
    {
        (byte[] header, int size) = type switch
        {
            NpyType.Float16 => (NpyHeader.FormatFloat16(shape), 2),
            NpyType.Float32 => (NpyHeader.FormatFloat32(shape), 4),
            NpyType.Float64 => (NpyHeader.FormatFloat64(shape), 8),
            _ => throw new ArgumentException($"Only float16, float32 and float64 arrays are written, not {type}.", nameof(type)),
        };
        stream.Write(header);
        Span<byte> chunk = stackalloc byte[4096];
        int perChunk = chunk.Length / size;
        for (int done = 0; done < values.Length; done += perChunk)
        {
            ReadOnlySpan<double> part = values.Slice(done, Math.Min(perChunk, values.Length - done));
            for (int i = 0; i < part.Length; i++)
            {
                Span<byte> b = chunk.Slice(i * size, size);
                switch (type)
                {
                    case NpyType.Float16: BinaryPrimitives.WriteHalfLittleEndian(b, (Half)part[i]); break;
                    case NpyType.Float32: BinaryPrimitives.WriteSingleLittleEndian(b, (float)part[i]); break;
                    default: BinaryPrimitives.WriteDoubleLittleEndian(b, part[i]); break;
                }
            }
            stream.Write(chunk[..(part.Length * size)]);
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
