using System.Buffers.Binary;
using System.Text.Json;

namespace ModelGen.Tests.Samples;

/// <summary>What the sample tests check about a figure a command wrote: that it is a PNG, and its size.</summary>
public static class PngFile
{
    private static readonly byte[] s_signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The width and height of the PNG at <paramref name="path"/>, failing unless it is one.</summary>
    public static (int Width, int Height) Size(string path)
    {
        Assert.True(File.Exists(path), $"no figure at {path}");
        byte[] head = new byte[24];
        using (var file = File.OpenRead(path)) file.ReadExactly(head);
        Assert.Equal(s_signature, head[..8]);
        // The IHDR chunk comes first: its width and height, big-endian, at bytes 16 and 20.
        return (BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(20)));
    }

    /// <summary>Checks that <paramref name="path"/> (a JSON string) is a PNG named <paramref name="fileName"/> in <paramref name="folder"/>.</summary>
    public static void AssertWritten(JsonElement path, string folder, string fileName)
    {
        string file = path.GetString()!;
        Assert.Equal(Path.GetFullPath(Path.Combine(folder, fileName)), file);
        var (width, height) = Size(file);
        Assert.True(width > 100 && height > 100, $"{fileName} is only {width}x{height}");
    }

    /// <summary>Checks that the summary's <paramref name="property"/> names a file called <paramref name="fileName"/> of more than 1,000 bytes.</summary>
    public static void AssertNamed(JsonElement summary, string property, string fileName)
    {
        string path = summary.GetProperty(property).GetString()!;
        Assert.Equal(fileName, Path.GetFileName(path));
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is missing or empty.");
    }

    /// <summary>A JSON array of numbers as doubles.</summary>
    public static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
