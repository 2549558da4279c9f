using ModelGen.IO;

namespace ModelGen.Tests.Infrastructure;

/// <summary>What the tests of damaged files check about a refused load: the error names the file, and how much was allocated to refuse it.</summary>
public static class LoadFailure
{
    /// <summary>Runs <paramref name="load"/>, which must fail naming <paramref name="path"/>, and returns the error and the bytes it allocated.</summary>
    public static (InvalidDataFileException Error, long Allocated) Measure(string path, Action load)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataFileException>(load);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(path, e.FilePath);
        return (e, allocated);
    }
}
