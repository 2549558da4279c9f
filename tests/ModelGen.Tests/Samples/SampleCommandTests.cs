using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>
/// The sample commands, run as a reader runs them (a process, with --json), in quick mode:
/// their key figures are the book's.
/// </summary>
public sealed class SampleCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-samples-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Summary_prints_each_networks_generated_summary_as_data()
    {
        var summary = SampleRunner.Run("deepcnn", _folder, "summary", "deep");
        var deep = Assert.Single(summary.EnumerateArray());
        Assert.Equal("DeepConvNet", deep.GetProperty("network").GetString());
        Assert.Equal(123_552, deep.GetProperty("parameters").GetInt64());
        Assert.Equal(52.52, deep.GetProperty("training_flops_per_sample").GetInt64() / 1e6, 2);
        Assert.Equal(11, SampleRunner.Run("mnist", _folder, "summary").GetArrayLength());
    }

    [Fact]
    public void Infer_book_reproduces_the_books_chapter_3_accuracy()
    {
        var summary = SampleRunner.Run("mnist", _folder, "infer-book");
        Assert.Equal(0.9352, summary.GetProperty("test_accuracy").GetDouble(), 4);
    }
}
