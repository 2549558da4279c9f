using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// Reads one .npy array from a stream and converts it to float32 in C order, in two steps: the
/// header, checked against the entry's length and the caller's expected shape before any data is
/// read, then the values, converted as they stream in so that the only array allocated is the
/// result.
/// </summary>
internal static class NpyReader
{
    // Raw bytes are converted a chunk at a time through this much stack; a multiple of every
    // item size, so a chunk never splits a value.
    private const int ChunkBytes = 4096;

    /// <summary>
    /// Reads and checks the header: the data it describes must be exactly what the entry holds
    /// after it, and, when <paramref name="expectedShape"/> is given, the shape must be that one.
    /// </summary>
    /// <param name="stream">Positioned at the magic; left at the first data byte.</param>
    /// <param name="entryLength">The entry's uncompressed length, as the archive declares it.</param>
    /// <param name="file">The archive, for messages.</param>
    /// <param name="name">The array, for messages.</param>
    /// <param name="expectedShape">The shape the caller needs, or null to take any.</param>
    public static NpyHeader ReadHeader(Stream stream, long entryLength, string file, string name, IReadOnlyList<int>? expectedShape)
    {
        NpyHeader header = NpyHeader.Read(stream, entryLength, file, name, out int headerBytes);
        if (expectedShape is not null && !SameShape(header.Shape, expectedShape))
            throw Invalid(file, name, $"its shape is {NpyHeader.FormatShape(header.Shape)}, not the expected {NpyHeader.FormatShape([.. expectedShape])}");
        long needed = header.DataBytes;
        long available = entryLength - headerBytes;
        if (available < needed)
            throw Invalid(file, name, $"data is truncated: {Describe(header)} needs {needed} bytes but the entry holds {Math.Max(available, 0)}");
        if (available > needed)
            throw Invalid(file, name, $"{available - needed} unexpected bytes after the {needed} bytes of {Describe(header)}");
        return header;
    }

    /// <summary>
    /// Reads the values <paramref name="header"/> describes as <typeparamref name="T"/> (float;
    /// Half for weights kept at half precision; double for a conversion that must keep float64
    /// exactly), then checks that the stream ends there. Each value is converted once, from the
    /// file's type straight to <typeparamref name="T"/>, rounded to nearest. The result is
    /// allocated once, at its final size, and values are converted as they stream in: call this
    /// only once the size is vouched for (by the caller's expected shape, or by data known to be
    /// in the file).
    /// </summary>
    public static T[] ReadValues<T>(Stream stream, NpyHeader header, string file, string name)
        where T : unmanaged, INumberBase<T>
    {
        var values = new T[header.Count];
        NpyDtype dtype = header.Dtype;
        bool swap = dtype.BigEndian == BitConverter.IsLittleEndian;
        bool fortran = header.FortranOrder && header.Shape.Length > 1;
        if (IsStoredAs<T>(dtype.Type) && !swap && !fortran)
        {
            // The common case (every file this library writes): the bytes go straight into the result.
            Fill(stream, MemoryMarshal.AsBytes(values.AsSpan()), header, file, name);
        }
        else
        {
            ReadConverted(stream, values, header, fortran, file, name);
        }
        if (stream.ReadByte() >= 0)
            throw Invalid(file, name, $"the entry holds more than the {header.DataBytes} bytes of {Describe(header)} it declares");
        return values;
    }

    /// <summary>True when the file's values are <typeparamref name="T"/>'s own bytes.</summary>
    private static bool IsStoredAs<T>(NpyType type) =>
        (typeof(T) == typeof(float) && type == NpyType.Float32)
        || (typeof(T) == typeof(double) && type == NpyType.Float64)
        || (typeof(T) == typeof(Half) && type == NpyType.Float16);

    private static void ReadConverted<T>(Stream stream, T[] values, NpyHeader header, bool fortran, string file, string name)
        where T : unmanaged, INumberBase<T>
    {
        NpyDtype dtype = header.Dtype;
        int size = dtype.ItemSize;
        Span<byte> chunk = stackalloc byte[ChunkBytes];
        var order = fortran ? new FortranOrder(header.Shape) : null;
        int done = 0;
        while (done < values.Length)
        {
            int count = Math.Min(values.Length - done, ChunkBytes / size);
            Span<byte> raw = chunk[..(count * size)];
            Fill(stream, raw, header, file, name);
            if (order is not null)
            {
                for (int i = 0; i < count; i++) values[order.Next()] = Convert<T>(raw.Slice(i * size, size), dtype);
            }
            else
            {
                Span<T> destination = values.AsSpan(done, count);
                for (int i = 0; i < count; i++) destination[i] = Convert<T>(raw.Slice(i * size, size), dtype);
            }
            done += count;
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>'s length, or says where the data ended.</summary>
    private static void Fill(Stream stream, Span<byte> destination, NpyHeader header, string file, string name)
    {
        int read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
            throw Invalid(file, name, $"data is truncated: {Describe(header)} needs {header.DataBytes} bytes but the entry's data ends early");
    }

    /// <summary>One value of the file's type, converted straight to <typeparamref name="T"/> (rounded to nearest, as NumPy's astype).</summary>
    private static T Convert<T>(ReadOnlySpan<byte> b, NpyDtype dtype)
        where T : INumberBase<T>
    {
        bool big = dtype.BigEndian;
        return dtype.Type switch
        {
            NpyType.Float16 => T.CreateTruncating(big ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b)),
            NpyType.Float32 => T.CreateTruncating(big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b)),
            NpyType.Float64 => T.CreateTruncating(big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)),
            NpyType.Int8 => T.CreateTruncating((sbyte)b[0]),
            NpyType.UInt8 => T.CreateTruncating(b[0]),
            NpyType.Bool => b[0] != 0 ? T.One : T.Zero,
            NpyType.Int16 => T.CreateTruncating(big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b)),
            NpyType.UInt16 => T.CreateTruncating(big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b)),
            NpyType.Int32 => T.CreateTruncating(big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b)),
            NpyType.UInt32 => T.CreateTruncating(big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b)),
            NpyType.Int64 => T.CreateTruncating(big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b)),
            NpyType.UInt64 => T.CreateTruncating(big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b)),
            _ => throw new InvalidOperationException($"unhandled dtype {dtype.Type}"),
        };
    }

    private static bool SameShape(int[] shape, IReadOnlyList<int> expected)
    {
        if (shape.Length != expected.Count) return false;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] != expected[i]) return false;
        }
        return true;
    }

    private static string Describe(NpyHeader header) => $"shape {NpyHeader.FormatShape(header.Shape)} of {header.Dtype.Type}";

    private static InvalidDataFileException Invalid(string file, string array, string problem) => new(file, $"array '{array}': {problem}.");
}
