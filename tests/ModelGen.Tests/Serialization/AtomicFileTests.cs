using ModelGen.IO;
using ModelGen.Tests.Data;

namespace ModelGen.Tests.Serialization;

public class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Writes_and_creates_the_directory()
    {
        string path = Path.Combine(_dir.Path, "a", "b", "file.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["file.bin"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Replaces_an_existing_file()
    {
        string path = _dir.File("file.bin");
        File.WriteAllBytes(path, [9, 9, 9, 9, 9]);
        AtomicFile.Write(path, s => s.Write([1, 2]));
        Assert.Equal([1, 2], File.ReadAllBytes(path));
        Assert.Equal(["file.bin"], _dir.FileNames());
    }

    [Fact]
    public void Failure_midway_keeps_the_previous_file_and_no_temporary()
    {
        string path = _dir.File("file.bin");
        File.WriteAllBytes(path, [7, 7, 7]);

        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            s.Flush();
            throw new InvalidOperationException("disk full, say");
        }));

        Assert.Equal("disk full, say", e.Message);
        Assert.Equal([7, 7, 7], File.ReadAllBytes(path));
        Assert.Equal(["file.bin"], _dir.FileNames());
    }

    [Fact]
    public void Failure_on_a_new_file_leaves_nothing()
    {
        string path = _dir.File("new.bin");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([1, 2, 3]);
            throw new IOException("broken");
        }));
        Assert.Empty(_dir.FileNames());
    }

    [Fact]
    public void Writer_sees_a_temporary_in_the_same_directory()
    {
        string path = _dir.File("target.bin");
        string? written = null;
        AtomicFile.Write(path, s => written = ((FileStream)s).Name);
        Assert.Equal(_dir.Path, Path.GetDirectoryName(written));
        Assert.NotEqual(path, written);
        Assert.False(File.Exists(written));
    }
}
