using System.IO.Compression;
using ModelGen.Serialization;
using ModelGen.Tests.Data;

namespace ModelGen.Tests.Serialization;

public class NpzTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Round_trips_shapes_and_exact_values()
    {
        string path = _dir.File("weights.npz");
        NpyArray[] arrays =
        [
            new("W1", [2, 3], [1, 2, 3, 4, 5, 6]),
            new("b1", [3], [-0f, float.NaN, float.PositiveInfinity]),
            new("scale", [], [3.5f]),
            new("empty", [0, 3], []),
            new("conv", [2, 1, 2, 2], [.. Enumerable.Range(0, 8).Select(i => i * 0.1f)]),
        ];

        Npz.Write(path, arrays);
        var read = Npz.Read(path);

        Assert.Equal(arrays.Select(a => a.Name).Order(), read.Keys.Order());
        foreach (var a in arrays)
        {
            var r = read[a.Name];
            Assert.Equal(a.Name, r.Name);
            Assert.Equal(a.Shape, r.Shape);
            Assert.Equal(NpyType.Float32, r.SourceType);
            Assert.Equal(a.Data.Select(BitConverter.SingleToInt32Bits), r.Data.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void Writes_the_bytes_numpy_writes()
    {
        // np.save(f, np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32)), byte for byte.
        const string numpy =
            "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d"
            + "202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"
            + "0000803f0000004000004040000080400000a0400000c040";
        string path = _dir.File("w.npz");

        Npz.Write(path, [new NpyArray("W1", [2, 3], [1, 2, 3, 4, 5, 6])]);

        using var zip = ZipFile.OpenRead(path);
        var entry = Assert.Single(zip.Entries);
        Assert.Equal("W1.npy", entry.FullName);
        Assert.Equal(entry.Length, entry.CompressedLength); // stored, like numpy.savez
        using var stream = entry.Open();
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        Assert.Equal(numpy, Convert.ToHexStringLower(bytes.ToArray()));
    }

    [Theory]
    [InlineData(new int[0], "()")]
    [InlineData(new[] { 3 }, "(3,)")]
    [InlineData(new[] { 784, 50 }, "(784, 50)")]
    [InlineData(new[] { 30, 1, 5, 5 }, "(30, 1, 5, 5)")]
    public void Headers_are_padded_to_64_and_end_with_newline(int[] shape, string tuple)
    {
        string path = _dir.File("h.npz");
        int count = shape.Aggregate(1, (a, b) => a * b);
        Npz.Write(path, [new NpyArray("x", shape, new float[count])]);

        using var zip = ZipFile.OpenRead(path);
        using var stream = zip.Entries[0].Open();
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        byte[] all = bytes.ToArray();
        int headerLength = all[8] | (all[9] << 8);
        string header = System.Text.Encoding.Latin1.GetString(all, 10, headerLength);

        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal(all.Length, 10 + headerLength + (4 * count));
        Assert.EndsWith("\n", header);
        Assert.StartsWith($"{{'descr': '<f4', 'fortran_order': False, 'shape': {tuple}, }}", header);
    }

    [Fact]
    public void Writing_twice_gives_identical_files()
    {
        NpyArray[] arrays = [new("a", [2], [1, 2]), new("b", [1], [3])];
        Npz.Write(_dir.File("1.npz"), arrays);
        Thread.Sleep(1100); // a time stamp taken from the clock would now differ
        Npz.Write(_dir.File("2.npz"), arrays);
        Assert.Equal(File.ReadAllBytes(_dir.File("1.npz")), File.ReadAllBytes(_dir.File("2.npz")));
    }

    [Fact]
    public void Write_rejects_duplicate_names_and_keeps_the_previous_file()
    {
        string path = _dir.File("w.npz");
        Npz.Write(path, [new NpyArray("a", [1], [1])]);
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<ArgumentException>(() => Npz.Write(path, [new NpyArray("a", [1], [1]), new NpyArray("a", [1], [2])]));

        Assert.Contains("'a'", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["w.npz"], _dir.FileNames());
    }

    [Fact]
    public void Write_whose_arrays_fail_midway_keeps_the_previous_file()
    {
        string path = _dir.File("w.npz");
        Npz.Write(path, [new NpyArray("a", [1], [1])]);
        byte[] before = File.ReadAllBytes(path);

        static IEnumerable<NpyArray> Failing()
        {
            yield return new NpyArray("big", [1000], new float[1000]);
            throw new InvalidOperationException("the network's parameters could not be read");
        }

        Assert.Throws<InvalidOperationException>(() => Npz.Write(path, Failing()));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["w.npz"], _dir.FileNames());
    }

    [Fact]
    public void NpyArray_rejects_shape_that_does_not_match_data()
    {
        var e = Assert.Throws<ArgumentException>(() => new NpyArray("W1", [2, 3], new float[5]));
        Assert.Contains("W1", e.Message);
        Assert.Contains("6 values but 5", e.Message);
    }
}
