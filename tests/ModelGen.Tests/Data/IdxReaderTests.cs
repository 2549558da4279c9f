using ModelGen.Data;
using ModelGen.IO;

namespace ModelGen.Tests.Data;

public class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteFile(string name, byte[] content)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private InvalidDataFileException ReadFails(string name, byte[] content)
    {
        string path = WriteFile(name, content);
        var e = Assert.Throws<InvalidDataFileException>(() => IdxReader.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        return e;
    }

    [Fact]
    public void Reads_raw_file()
    {
        byte[] data = [1, 2, 3, 4, 5, 6];
        string path = WriteFile("raw-idx2-ubyte", IdxFixtures.Build(0x08, [2, 3], data));

        IdxFile file = IdxReader.Read(path);

        Assert.Equal([2, 3], file.Dimensions);
        Assert.Equal(data, file.Data);
        Assert.Equal(path, file.Path);
    }

    [Fact]
    public void Reads_gzip_file_detected_by_magic_not_name()
    {
        byte[] data = [9, 8, 7, 6];
        // No .gz in the name: the reader must look at the bytes.
        string path = WriteFile("compressed-without-extension", IdxFixtures.Gzip(IdxFixtures.Build(0x08, [4], data)));

        IdxFile file = IdxReader.Read(path);

        Assert.Equal([4], file.Dimensions);
        Assert.Equal(data, file.Data);
    }

    [Fact]
    public void Reads_raw_file_named_gz()
    {
        string path = WriteFile("misnamed.gz", IdxFixtures.Build(0x08, [1, 2], [10, 20]));
        Assert.Equal([10, 20], IdxReader.Read(path).Data);
    }

    [Fact]
    public void Reads_mnist_shaped_images()
    {
        string path = WriteFile("images", IdxFixtures.Images(3));
        IdxFile file = IdxReader.Read(path);
        Assert.Equal([3, 28, 28], file.Dimensions);
        Assert.Equal(3 * 28 * 28, file.Data.Length);
    }

    [Fact]
    public void Bad_magic_is_reported()
    {
        byte[] content = IdxFixtures.Build(0x08, [2], [1, 2]);
        content[0] = 0x12;
        content[1] = 0x34;
        var e = ReadFails("bad-magic", content);
        Assert.Contains("not an IDX file", e.Message);
        Assert.Contains("12 34", e.Message);
    }

    [Fact]
    public void Unsupported_type_is_reported_with_its_name()
    {
        var e = ReadFails("floats", IdxFixtures.Build(0x0D, [2], new byte[8]));
        Assert.Contains("unsupported IDX element type 0x0D", e.Message);
        Assert.Contains("32-bit float", e.Message);
        Assert.Contains("0x08", e.Message);
    }

    [Fact]
    public void Truncated_data_is_reported()
    {
        byte[] content = IdxFixtures.Build(0x08, [10, 28, 28], new byte[10 * 28 * 28]);
        var e = ReadFails("truncated", content[..^100]);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("7840", e.Message);
        Assert.Contains("7740", e.Message);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        byte[] content = IdxFixtures.Build(0x08, [10, 28, 28], []);
        var e = ReadFails("short-header", content[..9]);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("dimension sizes", e.Message);
    }

    [Fact]
    public void Empty_file_is_reported()
    {
        var e = ReadFails("empty", []);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Trailing_bytes_are_reported()
    {
        byte[] content = [.. IdxFixtures.Build(0x08, [3], [1, 2, 3]), 0xFF, 0xFF];
        var e = ReadFails("trailing", content);
        Assert.Contains("2 unexpected trailing bytes", e.Message);
    }

    [Fact]
    public void Zero_dimension_is_reported()
    {
        var e = ReadFails("zero-dim", IdxFixtures.Build(0x08, [0, 28, 28], []));
        Assert.Contains("dimension 0", e.Message);
        Assert.Contains("is 0", e.Message);
    }

    [Fact]
    public void Zero_dimension_count_is_reported()
    {
        var e = ReadFails("no-dims", IdxFixtures.Build(0x08, [], []));
        Assert.Contains("declares 0 dimensions", e.Message);
    }

    [Fact]
    public void Huge_dimension_is_reported_without_allocating()
    {
        byte[] content = IdxFixtures.Build(0x08, [1, 1], []);
        content[4] = 0xFF; // first size: 0xFF000001, above int.MaxValue
        var e = ReadFails("huge", content);
        Assert.Contains("too large", e.Message);
    }

    [Fact]
    public void Gzip_truncated_inside_data_is_reported()
    {
        byte[] gz = IdxFixtures.Gzip(IdxFixtures.Images(20));
        var e = ReadFails("cut.gz", gz[..(gz.Length / 2)]);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Gzip_truncated_inside_trailer_is_reported(int cut)
    {
        // The data is complete but the gzip trailer is not: .NET's GZipStream does not
        // complain, so the reader must.
        byte[] gz = IdxFixtures.Gzip(IdxFixtures.Build(0x08, [3], [1, 2, 3]));
        var e = ReadFails("cut-trailer.gz", gz[..^cut]);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("trailer", e.Message);
    }

    [Fact]
    public void Gzip_with_corrupt_checksum_is_reported()
    {
        byte[] gz = IdxFixtures.Gzip(IdxFixtures.Build(0x08, [3], [1, 2, 3]));
        gz[^8] ^= 0xFF; // CRC-32 of the trailer
        var e = ReadFails("bad-crc.gz", gz);
        // Not "unsupported compression method", .NET's word for any failure of the data.
        Assert.Contains("damaged", e.Message);
        Assert.Contains("checksum", e.Message);
        Assert.DoesNotContain("unsupported", e.Message);
    }

    [Fact]
    public void Gzip_with_a_flipped_data_bit_is_reported_as_damaged()
    {
        // Random pixels barely compress, so the middle of the file is deflate data.
        byte[] gz = IdxFixtures.Gzip(IdxFixtures.Images(4));
        gz[gz.Length / 2] ^= 0x04;
        var e = ReadFails("flipped.gz", gz);
        Assert.Contains("damaged", e.Message);
        Assert.DoesNotContain("unsupported", e.Message);
    }

    [Fact]
    public void Gzip_verification_names_a_bad_checksum()
    {
        byte[] gz = IdxFixtures.Gzip(IdxFixtures.Build(0x08, [3], [1, 2, 3]));
        gz[^7] ^= 0x01;
        string path = WriteFile("verify.gz", gz);
        var e = Assert.Throws<InvalidDataFileException>(() => FileHash.Sha256(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void Gzip_that_compresses_well_reads_back()
    {
        // 100 blank images: the data is far larger than the file, so the reader checks that it
        // is there before it allocates for it.
        var pixels = new byte[100 * 28 * 28];
        pixels[^1] = 7;
        string path = WriteFile("blank.gz", IdxFixtures.Gzip(IdxFixtures.Build(0x08, [100, 28, 28], pixels)));
        Assert.True(new FileInfo(path).Length < pixels.Length / 10);

        IdxFile file = IdxReader.Read(path);

        Assert.Equal([100, 28, 28], file.Dimensions);
        Assert.Equal(pixels, file.Data);
    }

    [Fact]
    public void Gzip_whose_header_and_trailer_claim_absent_data_is_refused_before_allocating_it()
    {
        // Ten images of data; the header claims 1,000 and the trailer's length agrees.
        var pixels = new byte[10 * 28 * 28];
        new Random(3).NextBytes(pixels);
        byte[] idx = IdxFixtures.Build(0x08, [10, 28, 28], pixels);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(4), 1000);
        byte[] gz = IdxFixtures.Gzip(idx);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(gz.AsSpan(gz.Length - 4), 16 + (1000 * 28 * 28));
        string path = WriteFile("claims.gz", gz);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataFileException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(path, e.Message);
        Assert.True(allocated < 100_000, $"{allocated} bytes allocated for a {gz.Length}-byte file");
    }

    [Fact]
    public void Gzip_with_trailing_data_is_reported()
    {
        byte[] content = IdxFixtures.Gzip([.. IdxFixtures.Build(0x08, [3], [1, 2, 3]), 4]);
        var e = ReadFails("extra.gz", content);
        Assert.Contains("trailing", e.Message);
    }

    [Fact]
    public void Gzip_header_only_is_reported()
    {
        var e = ReadFails("magic-only.gz", [0x1F, 0x8B]);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void Missing_file_is_file_not_found()
    {
        string path = _dir.File("absent");
        var e = Assert.Throws<FileNotFoundException>(() => IdxReader.Read(path));
        Assert.Contains(path, e.Message);
    }
}
