using ModelGen.Data;
using ModelGen.IO;

namespace ModelGen.Tests.Data;

/// <summary>Loading from a named directory: parsing, normalising and validating the four files.</summary>
public class MnistLoadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Func<string, string?> s_noEnvironment = _ => null;

    private MnistData Load(bool flatten = true) =>
        Mnist.Load(new MnistOptions { DataDirectory = _dir.Path, Flatten = flatten, AllowDownload = false, AllowNpm = false }, s_noEnvironment);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loads_raw_or_gzip_files(bool gzip)
    {
        var set = IdxFixtures.TinySet();
        IdxFixtures.Write(_dir.Path, set, gzip);

        MnistData data = Load();

        Assert.Equal(3, data.Train.Count);
        Assert.Equal(2, data.Test.Count);
        Assert.Equal([5, 0, 9], data.Train.Labels);
        Assert.Equal([7, 2], data.Test.Labels);
        Assert.Equal([784], data.Train.SampleShape);
        Assert.Equal(_dir.Path, data.Directory);
        Assert.Contains("MnistOptions.DataDirectory", data.Source);

        // byte / 255f exactly, as the book's float32 division computes it.
        byte[] pixels = set[IdxFixtures.TrainImages][16..];
        for (int i = 0; i < pixels.Length; i++)
            Assert.Equal(pixels[i] / 255f, data.Train.Inputs[i]);
        Assert.Equal(0f, data.Train.Inputs[0]);
        Assert.Equal(1f, data.Train.Inputs[1]);
    }

    [Fact]
    public void Accepts_dotted_names()
    {
        foreach (var (name, content) in IdxFixtures.TinySet())
            File.WriteAllBytes(_dir.File(name.Replace("-idx", ".idx", StringComparison.Ordinal)), content);
        Assert.Equal(3, Load().Train.Count);
    }

    [Fact]
    public void Unflattened_samples_are_one_channel_images()
    {
        IdxFixtures.Write(_dir.Path, IdxFixtures.TinySet());
        var data = Load(flatten: false);
        Assert.Equal([1, 28, 28], data.Train.SampleShape);
        Assert.Equal(784, data.Train.SampleSize);
    }

    [Fact]
    public void Label_out_of_range_names_file_and_index()
    {
        var set = IdxFixtures.TinySet();
        set[IdxFixtures.TrainLabels] = IdxFixtures.Labels(5, 10, 9);
        IdxFixtures.Write(_dir.Path, set);

        var e = Assert.Throws<InvalidDataFileException>(() => Load());
        Assert.Equal(_dir.File(IdxFixtures.TrainLabels), e.FilePath);
        Assert.Contains(IdxFixtures.TrainLabels, e.Message);
        Assert.Contains("label 1 is 10", e.Message);
    }

    [Fact]
    public void Image_and_label_counts_must_match()
    {
        var set = IdxFixtures.TinySet();
        set[IdxFixtures.TestLabels] = IdxFixtures.Labels(7, 2, 1);
        IdxFixtures.Write(_dir.Path, set);

        var e = Assert.Throws<InvalidDataFileException>(() => Load());
        Assert.Contains(IdxFixtures.TestLabels, e.Message);
        Assert.Contains(IdxFixtures.TestImages, e.Message);
        Assert.Contains("3 labels", e.Message);
        Assert.Contains("2 images", e.Message);
    }

    [Fact]
    public void Images_must_be_28_by_28()
    {
        var set = IdxFixtures.TinySet();
        set[IdxFixtures.TrainImages] = IdxFixtures.Build(0x08, [3, 27, 29], new byte[3 * 27 * 29]);
        IdxFixtures.Write(_dir.Path, set);

        var e = Assert.Throws<InvalidDataFileException>(() => Load());
        Assert.Contains(IdxFixtures.TrainImages, e.Message);
        Assert.Contains("28x28", e.Message);
        Assert.Contains("3 x 27 x 29", e.Message);
    }

    [Fact]
    public void Labels_must_be_one_dimensional()
    {
        var set = IdxFixtures.TinySet();
        set[IdxFixtures.TrainLabels] = IdxFixtures.Build(0x08, [3, 1], [1, 2, 3]);
        IdxFixtures.Write(_dir.Path, set);

        var e = Assert.Throws<InvalidDataFileException>(() => Load());
        Assert.Contains(IdxFixtures.TrainLabels, e.Message);
        Assert.Contains("one dimension", e.Message);
    }

    [Fact]
    public void Corrupt_file_in_named_directory_is_reported_not_replaced()
    {
        var set = IdxFixtures.TinySet();
        set[IdxFixtures.TestImages] = set[IdxFixtures.TestImages][..100];
        IdxFixtures.Write(_dir.Path, set);

        var e = Assert.Throws<InvalidDataFileException>(() => Load());
        Assert.Contains(IdxFixtures.TestImages, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Reports_read_progress_per_file()
    {
        IdxFixtures.Write(_dir.Path, IdxFixtures.TinySet());
        var reports = new List<DataProgress>();
        Mnist.Load(new MnistOptions { DataDirectory = _dir.Path, Progress = new SyncProgress(reports) }, s_noEnvironment);

        var finished = reports.Where(r => r.Step == "read" && r.Done == r.Total).Select(r => Path.GetFileName(r.File)).ToList();
        Assert.Equal(IdxFixtures.Names, finished);
    }
}

/// <summary>IProgress that records synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
public sealed class SyncProgress(List<DataProgress> reports) : IProgress<DataProgress>
{
    public void Report(DataProgress value)
    {
        lock (reports) reports.Add(value);
    }
}
