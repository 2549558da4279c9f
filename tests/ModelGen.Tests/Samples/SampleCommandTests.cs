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
    public void Infer_book_reproduces_the_books_chapter_3_accuracy()
    {
        var summary = SampleRunner.Run("mnist", _folder, "infer-book");
        Assert.Equal(0.9352, summary.GetProperty("test_accuracy").GetDouble(), 4);
    }
}
