using System.Collections.Concurrent;
using System.Security.Cryptography;
using ModelGen.IO;

namespace ModelGen.Data;

/// <summary>SHA-256 of data files, of their decompressed contents when gzip-compressed.</summary>
internal static class FileHash
{
    // Files verified in this process, keyed by full path, with the length and modification
    // time seen then. A file replaced since (different length or time) is hashed again.
    // Kept in memory rather than as a marker file on disk: hashing the 55 MB of MNIST takes
    // about a tenth of a second, and an on-disk marker could outlive the file it vouches for.
    private static readonly ConcurrentDictionary<string, (long Length, DateTime Written)> s_verified = new(StringComparer.Ordinal);

    /// <summary>Lower-case hex SHA-256 of the file's contents, decompressed if gzip.</summary>
    public static string Sha256(string path, IProgress<DataProgress>? progress = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        progress?.Report(new DataProgress("verify", path, 0, file.Length));
        Span<byte> magic = stackalloc byte[2];
        bool gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        file.Position = 0;
        string hash;
        if (gzip)
        {
            // Checks the gzip trailer too, and names a bad checksum as such.
            using var decompressed = GzipReadStream.Open(file, path, leaveOpen: true);
            hash = Copy(decompressed, Stream.Null);
        }
        else
        {
            hash = Copy(file, Stream.Null);
        }
        progress?.Report(new DataProgress("verify", path, file.Length, file.Length));
        return hash;
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> and returns the SHA-256 of what was copied.</summary>
    public static string Copy(Stream source, Stream destination)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            destination.Write(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>
    /// Null when the file's hash is <paramref name="expected"/> (checked once per process per
    /// version of the file), else why not.
    /// </summary>
    public static string? Verify(string path, string expected, IProgress<DataProgress>? progress)
    {
        var info = new FileInfo(path);
        string key = info.FullName;
        if (s_verified.TryGetValue(key, out var seen) && seen == (info.Length, info.LastWriteTimeUtc))
            return null;

        string actual;
        try
        {
            actual = Sha256(path, progress);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return $"{Path.GetFileName(path)} could not be read ({e.Message})";
        }

        if (!string.Equals(actual, expected, StringComparison.Ordinal))
            return $"{Path.GetFileName(path)} has SHA-256 {actual}, expected {expected}";
        MarkVerified(path);
        return null;
    }

    /// <summary>Records that the file as it is now has the expected hash (it was just written and hashed).</summary>
    public static void MarkVerified(string path)
    {
        var info = new FileInfo(path);
        s_verified[info.FullName] = (info.Length, info.LastWriteTimeUtc);
    }
}
