using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace ModelGen.Tests.Data;

/// <summary>Builds small IDX files (and MNIST-shaped sets of them) byte by byte.</summary>
public static class IdxFixtures
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    public static readonly string[] Names = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>An IDX file: 00 00 type count, big-endian sizes, then the data as given.</summary>
    public static byte[] Build(byte type, int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + (4 * dimensions.Length) + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dimensions[i]);
        data.CopyTo(bytes, 4 + (4 * dimensions.Length));
        return bytes;
    }

    public static byte[] Images(int count, int seed = 1)
    {
        var pixels = new byte[count * 28 * 28];
        new Random(seed).NextBytes(pixels);
        pixels[0] = 0;
        pixels[1] = 255;
        return Build(0x08, [count, 28, 28], pixels);
    }

    public static byte[] Labels(params byte[] labels) => Build(0x08, [labels.Length], labels);

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The four files of a tiny MNIST-format set: 3 training and 2 test samples.</summary>
    public static Dictionary<string, byte[]> TinySet() => new()
    {
        [TrainImages] = Images(3, seed: 1),
        [TrainLabels] = Labels(5, 0, 9),
        [TestImages] = Images(2, seed: 2),
        [TestLabels] = Labels(7, 2),
    };

    /// <summary>Writes the set into <paramref name="directory"/>, gzip-compressed with .gz names when asked.</summary>
    public static void Write(string directory, Dictionary<string, byte[]> set, bool gzip = false)
    {
        foreach (var (name, content) in set)
            File.WriteAllBytes(Path.Combine(directory, gzip ? name + ".gz" : name), gzip ? Gzip(content) : content);
    }
}
