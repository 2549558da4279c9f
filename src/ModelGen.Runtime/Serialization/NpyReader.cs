using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>Reads one .npy array from a stream and converts it to float32 in C order.</summary>
internal static class NpyReader
{
    /// <param name="stream">Positioned at the magic; read to its end.</param>
    /// <param name="entryLength">The entry's uncompressed length, to reject a lying header before allocating.</param>
    /// <param name="file">The archive, for messages.</param>
    /// <param name="name">The array, for messages.</param>
    public static NpyArray Read(Stream stream, long entryLength, string file, string name)
    {
        NpyHeader header = NpyHeader.Read(stream, file, name, out int headerBytes);
        long count = 1;
        foreach (int d in header.Shape) count *= d;
        long expectedBytes = count * header.Dtype.ItemSize;
        long available = entryLength - headerBytes;
        string described = $"shape {NpyHeader.FormatShape(header.Shape)} of {header.Dtype.Type}";
        if (available < expectedBytes)
            throw Invalid(file, name, $"data is truncated: {described} needs {expectedBytes} bytes but the entry holds {Math.Max(available, 0)}");

        var raw = new byte[expectedBytes];
        int read = stream.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        if (read < expectedBytes)
            throw Invalid(file, name, $"data is truncated: {described} needs {expectedBytes} bytes but the entry's data ends after {read}");
        if (stream.ReadByte() >= 0)
            throw Invalid(file, name, $"{available - expectedBytes} unexpected bytes after the {expectedBytes} bytes of {described}");

        float[] values = Convert(raw, header.Dtype, (int)count);
        if (header.FortranOrder && header.Shape.Length > 1)
            values = FortranToC(values, header.Shape);
        return new NpyArray(name, header.Shape, values, header.Dtype.Type);
    }

    private static float[] Convert(byte[] raw, NpyDtype dtype, int count)
    {
        var result = new float[count];
        int size = dtype.ItemSize;
        bool swap = dtype.BigEndian == BitConverter.IsLittleEndian;

        if (dtype.Type == NpyType.Float32 && !swap)
        {
            // The common case (every file this library writes): a straight copy.
            MemoryMarshal.Cast<byte, float>(raw).CopyTo(result);
            return result;
        }

        bool big = dtype.BigEndian;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> b = raw.AsSpan(i * size, size);
            result[i] = dtype.Type switch
            {
                NpyType.Float16 => (float)(big ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b)),
                NpyType.Float32 => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
                // Rounded to nearest float32, as NumPy's astype(np.float32) does.
                NpyType.Float64 => (float)(big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)),
                NpyType.Int8 => (sbyte)b[0],
                NpyType.UInt8 => b[0],
                NpyType.Bool => b[0] != 0 ? 1f : 0f,
                NpyType.Int16 => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
                NpyType.UInt16 => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
                NpyType.Int32 => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
                NpyType.UInt32 => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
                NpyType.Int64 => big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
                NpyType.UInt64 => big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
                _ => throw new InvalidOperationException($"unhandled dtype {dtype.Type}"),
            };
        }
        return result;
    }

    /// <summary>
    /// Reorders column-major values to row-major. In Fortran order the first index varies
    /// fastest; walking the C-order output while keeping the Fortran offset in step avoids
    /// a division per element.
    /// </summary>
    private static float[] FortranToC(float[] fortran, int[] shape)
    {
        int rank = shape.Length;
        var fortranStride = new long[rank];
        long stride = 1;
        for (int axis = 0; axis < rank; axis++)
        {
            fortranStride[axis] = stride;
            stride *= shape[axis];
        }

        var result = new float[fortran.Length];
        var index = new int[rank];
        long offset = 0;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = fortran[offset];
            // Advance the C-order index: last axis fastest, carrying into earlier axes.
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                offset += fortranStride[axis];
                if (index[axis] < shape[axis])
                    break;
                offset -= fortranStride[axis] * shape[axis];
                index[axis] = 0;
            }
        }
        return result;
    }

    private static InvalidDataFileException Invalid(string file, string array, string problem) => new(file, $"array '{array}': {problem}.");
}
