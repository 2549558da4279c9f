using System.IO.Compression;
using ModelGen.IO;
using ModelGen.Serialization;
using ModelGen.Tests.Data;
using static ModelGen.Tests.Serialization.NpyFixtures;

namespace ModelGen.Tests.Serialization;

/// <summary>Every damaged or unsupported .npz is an error naming the file and the array.</summary>
public class NpzCorruptionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private InvalidDataFileException ReadFails(string path)
    {
        var e = Assert.Throws<InvalidDataFileException>(() => Npz.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        return e;
    }

    /// <summary>An archive with a good array 'ok' and the given bytes as array 'W1'.</summary>
    private InvalidDataFileException EntryFails(byte[] npy)
    {
        string path = _dir.File("bad.npz");
        WriteNpz(path, ("ok.npy", Npy(Dict("<f4", "(1,)"), Floats(1))), ("W1.npy", npy));
        var e = ReadFails(path);
        Assert.Contains("array 'W1'", e.Message);
        return e;
    }

    [Fact]
    public void Truncated_zip()
    {
        string path = _dir.File("cut.npz");
        Npz.Write(path, [new NpyArray("W1", [100], new float[100])]);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = ReadFails(path);
        Assert.Contains("not a valid .npz", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Not_a_zip()
    {
        string path = _dir.File("text.npz");
        File.WriteAllText(path, "hello");
        Assert.Contains("not a valid .npz", ReadFails(path).Message);
    }

    [Fact]
    public void Missing_file()
    {
        string path = _dir.File("absent.npz");
        var e = Assert.Throws<FileNotFoundException>(() => Npz.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Bad_npy_magic()
    {
        byte[] npy = Npy(Dict("<f4", "(1,)"), Floats(1));
        npy[1] = (byte)'X';
        Assert.Contains("not an .npy array", EntryFails(npy).Message);
    }

    [Fact]
    public void Magic_as_utf8_is_rejected()
    {
        // The classic mistake: "\x93NUMPY" encoded as UTF-8 starts C2 93.
        byte[] npy = [0xC2, .. Npy(Dict("<f4", "(1,)"), Floats(1))[..^1]];
        Assert.Contains("not an .npy array", EntryFails(npy).Message);
    }

    [Fact]
    public void Entry_shorter_than_prefix()
    {
        Assert.Contains("shorter than the 10-byte", EntryFails([0x93, (byte)'N']).Message);
    }

    [Fact]
    public void Data_shorter_than_shape()
    {
        var e = EntryFails(Npy(Dict("<f4", "(2, 3)"), Floats(1, 2, 3, 4, 5)));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("24 bytes", e.Message);
        Assert.Contains("holds 20", e.Message);
    }

    [Fact]
    public void Data_longer_than_shape()
    {
        var e = EntryFails(Npy(Dict("<f4", "(2,)"), Floats(1, 2, 3)));
        Assert.Contains("4 unexpected bytes", e.Message);
    }

    [Theory]
    [InlineData("<c8", "complex")]
    [InlineData("<U10", "unicode string")]
    [InlineData("|O", "not a simple type string")]
    [InlineData("<f16", "floating point of 16 bytes")]
    [InlineData("<M8[ns]", "datetime")]
    public void Unsupported_dtype(string descr, string said)
    {
        var e = EntryFails(Npy(Dict(descr, "(1,)"), new byte[16]));
        Assert.Contains(descr, e.Message);
        Assert.Contains(said, e.Message);
    }

    [Fact]
    public void Structured_dtype()
    {
        var e = EntryFails(Npy("{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        Assert.Contains("structured", e.Message);
    }

    [Fact]
    public void Unsupported_version()
    {
        byte[] npy = Npy(Dict("<f4", "(1,)"), Floats(1));
        npy[6] = 4;
        Assert.Contains("version 4.0", EntryFails(npy).Message);
    }

    [Fact]
    public void Header_without_newline()
    {
        byte[] npy = Npy(Dict("<f4", "(1,)"), Floats(1));
        npy[10 + (npy[8] | (npy[9] << 8)) - 1] = (byte)' ';
        Assert.Contains("newline", EntryFails(npy).Message);
    }

    [Fact]
    public void Header_length_past_the_entry()
    {
        byte[] npy = Npy(Dict("<f4", "(1,)"), Floats(1));
        npy[8] = 0xFF;
        npy[9] = 0x7F;
        Assert.Contains("ends inside the", EntryFails(npy).Message);
    }

    [Fact]
    public void Header_missing_a_key()
    {
        var e = EntryFails(Npy("{'descr': '<f4', 'shape': (1,), }", Floats(1)));
        Assert.Contains("exactly the keys", e.Message);
    }

    [Fact]
    public void Header_not_a_dict_literal()
    {
        var e = EntryFails(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", Floats(1)));
        Assert.Contains("not a valid Python dict literal", e.Message);
    }

    [Fact]
    public void Negative_dimension()
    {
        var e = EntryFails(Npy(Dict("<f4", "(-1,)"), Floats(1)));
        Assert.Contains("shape dimension 0", e.Message);
    }

    [Fact]
    public void Shape_too_large_for_an_array()
    {
        var e = EntryFails(Npy(Dict("<f4", "(100000, 100000)"), Floats(1)));
        Assert.Contains("more values than one array can", e.Message);
    }

    [Theory]
    [InlineData(32_000, "bytes long, more than")] // overflowed the parser's stack: a crash no catch can stop
    [InlineData(1_000, "nested")] // a header short enough to parse
    public void Deeply_nested_header_is_refused_not_a_stack_overflow(int depth, string said)
    {
        string shape = new string('(', depth) + new string(')', depth);
        var e = EntryFails(Npy(Dict("<f4", shape), Floats(1)));
        Assert.Contains(said, e.Message);
    }

    [Fact]
    public void Shape_larger_than_entry_is_rejected_before_reading()
    {
        var e = EntryFails(Npy(Dict("<f8", "(1000, 1000)"), Floats(1)));
        Assert.Contains("8000000 bytes", e.Message);
    }

    [Fact]
    public void Corrupt_deflate_data()
    {
        string path = _dir.File("deflated.npz");
        var values = Enumerable.Range(0, 5000).Select(i => (float)Math.Sin(i)).ToArray();
        WriteNpz(path, deflate: true, ("W1.npy", Npy(Dict("<f4", "(5000,)"), Floats(values))));
        byte[] bytes = File.ReadAllBytes(path);
        // Scramble the middle of the compressed data (well away from the zip headers).
        for (int i = bytes.Length / 3; i < bytes.Length / 3 + 64; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);

        var e = ReadFails(path);
        Assert.Contains("array 'W1'", e.Message);
        Assert.Contains("damaged", e.Message);
    }

    [Fact]
    public void Flipped_data_byte_in_stored_entry_fails_the_checksum()
    {
        // Without the CRC check this would read as a valid array with one wrong number.
        string path = _dir.File("flipped.npz");
        Npz.Write(path, [new NpyArray("W1", [4], [1, 2, 3, 4])]);
        byte[] bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(Floats(1, 2, 3, 4));
        Assert.True(at > 0);
        bytes[at + 5] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var e = ReadFails(path);
        Assert.Contains("array 'W1'", e.Message);
        Assert.Contains("CRC-32", e.Message);
    }

    [Fact]
    public void Flipped_byte_in_deflated_entry_is_caught()
    {
        string path = _dir.File("flipped-deflate.npz");
        var values = Enumerable.Range(0, 64).Select(i => (float)i).ToArray();
        WriteNpz(path, deflate: true, ("x.npy", Npy(Dict("<f4", "(64,)"), Floats(values))));
        byte[] original = File.ReadAllBytes(path);
        // Whatever single bit of the compressed data flips, the result is an error, never
        // different numbers.
        int start = 30 + "x.npy".Length;
        for (int i = start; i < start + 40; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            bytes[i] ^= 0x10;
            File.WriteAllBytes(path, bytes);
            try
            {
                var read = Npz.Read(path);
                Assert.Equal(values, read["x"].Data);
            }
            catch (ModelGen.IO.InvalidDataFileException e)
            {
                Assert.Contains("array 'x'", e.Message);
            }
        }
    }

    [Fact]
    public void Duplicate_array_name()
    {
        string path = _dir.File("dup.npz");
        WriteNpz(path, ("a.npy", Npy(Dict("<f4", "(1,)"), Floats(1))), ("a", Npy(Dict("<f4", "(1,)"), Floats(2))));
        Assert.Contains("'a' appears twice", ReadFails(path).Message);
    }
}
