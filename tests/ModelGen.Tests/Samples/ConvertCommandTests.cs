using System.IO.Compression;
using ModelGen.Serialization;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>
/// `deepcnn convert`, run as a process: the book's DeepConvNet weights go to safetensors and
/// back and come out the same, array for array and byte for byte.
/// </summary>
public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-convert-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_book_ch08_weights_round_trip_through_safetensors_unchanged()
    {
        string npz = RepositoryRoot.File("samples", "book-weights", "ch08_deep_convnet.npz");
        string safetensors = Path.Combine(_folder, "runs", "deep.safetensors");
        string back = Path.Combine(_folder, "deep.npz");

        var there = SampleRunner.Run("deepcnn", _folder, "convert", npz, safetensors);
        var again = SampleRunner.Run("deepcnn", _folder, "convert", safetensors, back);

        // The book's file holds 16 float64 arrays: F64 there, float64 back.
        var arrays = there.GetProperty("arrays").EnumerateArray().ToList();
        Assert.Equal(16, arrays.Count);
        Assert.All(arrays, a => Assert.Equal(("float64", "F64"), (a.GetProperty("from").GetString(), a.GetProperty("to").GetString())));
        Assert.All(again.GetProperty("arrays").EnumerateArray(), a => Assert.Equal(("F64", "float64"), (a.GetProperty("from").GetString(), a.GetProperty("to").GetString())));
        Assert.Equal("ch08_deep_convnet.npz", again.GetProperty("source_metadata").GetProperty("source").GetString());

        // Every .npy entry of the round trip is the book's, byte for byte (NumPy's header, the
        // same float64 values), in the same order.
        using var original = ZipFile.OpenRead(npz);
        using var roundTripped = ZipFile.OpenRead(back);
        Assert.Equal(original.Entries.Select(e => e.FullName), roundTripped.Entries.Select(e => e.FullName));
        foreach (var entry in original.Entries)
            Assert.True(Bytes(entry).AsSpan().SequenceEqual(Bytes(roundTripped.GetEntry(entry.FullName)!)), $"{entry.FullName} differs after the round trip");

        // And the safetensors file loads into DeepConvNet as the .npz does.
        var fromNpz = new DeepConvNet();
        ParameterFile.Load(fromNpz, npz);
        var fromSafeTensors = new DeepConvNet(seed: 1);
        SafeTensors.Load(fromSafeTensors, safetensors);
        for (int p = 0; p < fromNpz.Parameters.Count; p++) Assert.Equal(fromNpz.Parameters[p].Value, fromSafeTensors.Parameters[p].Value);
    }

    [Fact]
    public void Files_of_other_extensions_are_a_user_error()
    {
        var (code, _, stderr) = SampleRunner.Exec("deepcnn", _folder, "convert", "a.npz", "b.npz");
        Assert.Equal(1, code);
        Assert.Contains("convert turns an .npz into a .safetensors file or back", stderr.ReplaceLineEndings(" "));
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
