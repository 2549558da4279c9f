using System.Buffers.Binary;
using ModelGen.IO;

namespace ModelGen.Data;

/// <summary>
/// Reads IDX files, raw or gzip-compressed. The format: two zero bytes, a type byte, a
/// dimension count, that many big-endian int32 sizes, then the values row-major.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    // More dimensions than any IDX file has in practice; a larger count is a corrupt header,
    // and rejecting it early avoids reading garbage as sizes.
    private const int MaxDimensions = 16;

    /// <summary>Reads a whole IDX file; gzip is recognised by its magic bytes, not its name.</summary>
    /// <exception cref="InvalidDataFileException">The file is not a valid unsigned-byte IDX file.</exception>
    public static IdxFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // A small buffer: the data is read in one call that bypasses it, or by the decompressor
        // in chunks of its own; it serves only the header, and a large one would cost more
        // than a small file's data.
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        return IsGzip(file) ? ReadGzip(path, file) : ReadRaw(path, file);
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    private static IdxFile ReadRaw(string path, FileStream file)
    {
        int[] dimensions = ReadHeader(path, file, "file");
        long expected = Product(dimensions);
        long available = file.Length - file.Position;
        if (available < expected)
            throw new InvalidDataFileException(path, $"truncated: the header ({Describe(dimensions)}) needs {expected} data bytes but the file holds only {available}.");
        if (available > expected)
            throw new InvalidDataFileException(path, $"{available - expected} unexpected trailing bytes after the {expected} data bytes the header ({Describe(dimensions)}) describes.");

        var data = new byte[expected];
        file.ReadExactly(data);
        return new IdxFile(path, dimensions, data);
    }

    private static IdxFile ReadGzip(string path, FileStream file)
    {
        long compressedLength = file.Length;
        uint recordedLength = RecordedLength(path, file);
        using var gzip = GzipReadStream.Open(file, path, leaveOpen: true);
        int[] dimensions = ReadHeader(path, gzip, "decompressed gzip data");
        long expected = Product(dimensions);
        if (expected > compressedLength * GzipReadStream.MaxDeflateRatio)
            throw new InvalidDataFileException(path, $"the header ({Describe(dimensions)}) claims {expected} data bytes, more than a {compressedLength}-byte gzip file can hold; the header is corrupt.");
        // The gzip trailer records the decompressed length: a header that disagrees with it is
        // refused before its data is allocated, so a damaged size costs nothing.
        long decompressedLength = HeaderLength(dimensions.Length) + expected;
        if (recordedLength < (uint)decompressedLength)
            throw new InvalidDataFileException(path, $"truncated or damaged: the header ({Describe(dimensions)}) needs {decompressedLength} decompressed bytes but the gzip trailer records {recordedLength}.");
        if (recordedLength > (uint)decompressedLength)
            throw new InvalidDataFileException(path, $"truncated or damaged, or unexpected trailing bytes: the gzip trailer records {recordedLength} decompressed bytes but the header ({Describe(dimensions)}) describes {decompressedLength}.");

        if (expected <= compressedLength)
            return new IdxFile(path, dimensions, ReadData(path, gzip, dimensions, expected));

        // The header and trailer claim more data than the file has bytes, which compression
        // allows but a damaged or hostile file can fake: decompress once without keeping
        // anything, which checks the data's length and CRC-32, and allocate only then. Files
        // that compress well (MNIST's gzip images) pay a second decompression for this.
        long present = gzip.Drain();
        if (present != expected)
            throw new InvalidDataFileException(path, $"truncated: the header ({Describe(dimensions)}) needs {expected} data bytes but the gzip stream holds {present}.");
        file.Position = 0;
        using var again = GzipReadStream.Open(file, path, leaveOpen: true);
        ReadHeader(path, again, "decompressed gzip data");
        return new IdxFile(path, dimensions, ReadData(path, again, dimensions, expected));
    }

    private static byte[] ReadData(string path, Stream gzip, int[] dimensions, long expected)
    {
        var data = new byte[expected];
        int read = gzip.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < expected)
            throw new InvalidDataFileException(path, $"truncated: the header ({Describe(dimensions)}) needs {expected} data bytes but the gzip stream ends after {read}.");
        // Reading past the data also checks the trailer: its length and its CRC-32.
        if (gzip.ReadByte() >= 0)
            throw new InvalidDataFileException(path, $"unexpected trailing bytes in the decompressed data after the {expected} data bytes the header ({Describe(dimensions)}) describes.");
        return data;
    }

    // The last four bytes of a single-member gzip file: the decompressed length modulo 2^32,
    // exact for any IDX file an array can hold.
    private static uint RecordedLength(string path, FileStream file)
    {
        if (file.Length < 18)
            throw new InvalidDataFileException(path, "truncated: the gzip file is too short to hold a header and trailer.");
        Span<byte> isize = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(isize);
        file.Position = 0;
        return BinaryPrimitives.ReadUInt32LittleEndian(isize);
    }

    private static int[] ReadHeader(string path, Stream stream, string what)
    {
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4)
            throw new InvalidDataFileException(path, $"truncated: the {what} is shorter than the 4-byte IDX magic number.");
        if (magic[0] != 0 || magic[1] != 0)
            throw new InvalidDataFileException(path, $"not an IDX file: the magic number starts {magic[0]:X2} {magic[1]:X2}, not 00 00.");
        if (magic[2] != UnsignedByteType)
            throw new InvalidDataFileException(path, $"unsupported IDX element type 0x{magic[2]:X2} ({TypeName(magic[2])}); only 0x08 (unsigned byte) is supported.");

        int count = magic[3];
        if (count == 0 || count > MaxDimensions)
            throw new InvalidDataFileException(path, $"the IDX header declares {count} dimensions; expected 1 to {MaxDimensions}.");

        Span<byte> sizes = stackalloc byte[4 * count];
        if (stream.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false) < sizes.Length)
            throw new InvalidDataFileException(path, $"truncated: the {what} ends inside the IDX header's {count} dimension sizes.");

        var dimensions = new int[count];
        long product = 1;
        for (int i = 0; i < count; i++)
        {
            // Read as unsigned so a size with the top bit set is reported as the huge number
            // it is rather than as a confusing negative.
            uint size = BinaryPrimitives.ReadUInt32BigEndian(sizes[(4 * i)..]);
            if (size == 0)
                throw new InvalidDataFileException(path, $"dimension {i} of the IDX header is 0; every dimension must be positive.");
            if (size > int.MaxValue)
                throw new InvalidDataFileException(path, $"dimension {i} of the IDX header is {size}, too large to be real.");
            dimensions[i] = (int)size;
            product *= size;
            if (product > Array.MaxLength)
                throw new InvalidDataFileException(path, $"the IDX header's dimensions ({Describe(dimensions.AsSpan(0, i + 1))}...) hold more values than one array can.");
        }
        return dimensions;
    }

    private static long HeaderLength(int dimensionCount) => 4 + (4L * dimensionCount);

    private static long Product(int[] dimensions)
    {
        long product = 1;
        foreach (int d in dimensions) product *= d;
        return product;
    }

    private static string Describe(ReadOnlySpan<int> dimensions)
    {
        var parts = new string[dimensions.Length];
        for (int i = 0; i < dimensions.Length; i++) parts[i] = dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join(" x ", parts);
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => "not an IDX type",
    };
}
