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
    [Fact]
    public void Leftover_temporaries_of_an_earlier_save_are_removed_by_the_next()
    {
        // What a save killed between writing its temporary and renaming it leaves behind.
        string path = _dir.File("run.npz");
        string leftover = _dir.File($".run.npz.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(leftover, new byte[1000]);
        // Not ours for this target: another target's temporary, and names that only look alike.
        string[] others =
        [
            $".other.npz.{Guid.NewGuid():N}.tmp",
            ".run.npz.notahexnumber.tmp",
            $"run.npz.{Guid.NewGuid():N}.tmp",
            $".run.npz.{Guid.NewGuid():N}.tmp.bak",
        ];
        foreach (string other in others) File.WriteAllBytes(_dir.File(other), [1]);

        AtomicFile.Write(path, s => s.Write([1, 2, 3]));

        Assert.False(File.Exists(leftover));
        Assert.Equal([.. others.Append("run.npz").Order(StringComparer.Ordinal)], _dir.FileNames());
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }

    [Fact]
    public void A_temporary_that_another_save_is_still_writing_is_left_alone()
    {
        string path = _dir.File("shared.npz");
        string busy = _dir.File($".shared.npz.{Guid.NewGuid():N}.tmp");
        using (var writer = new FileStream(busy, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            writer.Write([4, 5, 6]);
            AtomicFile.Write(path, s => s.Write([1]));
            Assert.True(File.Exists(busy));
        }
    }

    [Fact]
    public void A_failed_save_names_the_target_not_the_temporary()
    {
        // .NET's own wording when the disk fills mid-write; it names the file being written.
        string path = _dir.File("full.npz");
        string? temporary = null;
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            temporary = ((FileStream)s).Name;
            throw new IOException($"No space left on device : '{temporary}'");
        }));
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain(Path.GetFileName(temporary!), e.Message);
        Assert.Empty(_dir.FileNames());
    }

    [Fact]
    public void A_target_name_too_long_for_a_temporary_beside_it_still_saves()
    {
        // 240 characters is a legal name, but ".{name}.{32 hex digits}.tmp" is not (255 at most).
        string path = _dir.File(new string('w', 236) + ".npz");
        AtomicFile.Write(path, s => s.Write([7]));
        Assert.Equal([7], File.ReadAllBytes(path));
        Assert.Single(_dir.FileNames());
    }

    [Theory]
    [InlineData("checkpoint.npz")] // .NET said "The file '...weights' already exists"
    [InlineData("run/checkpoint.npz")] // and here "Could not find a part of the path"
    public void Saving_under_a_regular_file_says_so(string below)
    {
        string file = _dir.File("weights");
        File.WriteAllBytes(file, [1]);
        string path = Path.Combine(file, below);

        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, s => s.Write([1])));

        Assert.Contains(path, e.Message);
        Assert.Contains($"{file} is a file, not a directory", e.Message);
        Assert.Equal([1], File.ReadAllBytes(file));
    }
}
