using System.Net;
using ModelGen.IO;

namespace ModelGen.Data;

/// <summary>Downloads {name}.gz from a mirror into the cache, verified and atomically.</summary>
internal static class MnistDownloader
{
    // Short limits so that a blocked network fails in well under half a minute instead of
    // hanging: connecting, waiting for the response headers, and silence mid-transfer.
    internal static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(20);
    internal static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(20);

    private static readonly Lazy<HttpClient> s_client = new(() => new HttpClient(
        new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, AutomaticDecompression = DecompressionMethods.None })
    {
        // Covers the request up to the response headers (the body is read with
        // ResponseHeadersRead and guarded by NetworkReadStream instead).
        Timeout = HeadersTimeout,
    });

    /// <summary>
    /// Fetches <paramref name="file"/> from <paramref name="baseUrl"/> into <paramref name="directory"/>.
    /// Throws on any failure, leaving no file (or the previous one) under the final name.
    /// </summary>
    public static void Download(Uri baseUrl, MnistFile file, string directory, IProgress<DataProgress>? progress)
    {
        var url = new Uri(baseUrl, file.Name + ".gz");
        string target = Path.Combine(directory, file.Name);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = s_client.Value.Send(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);

        long? total = response.Content.Headers.ContentLength;
        string shown = url.ToString();
        progress?.Report(new DataProgress("download", shown, 0, total));
        using var body = new NetworkReadStream(response.Content.ReadAsStream(), StallTimeout,
            received => progress?.Report(new DataProgress("download", shown, received, total)));

        AtomicFile.Write(target, output =>
        {
            string actual;
            // Damage (a corrupt stream, a bad checksum, a cut) is an InvalidDataFileException
            // naming the address.
            using (var gzip = GzipReadStream.Open(body, shown, leaveOpen: true))
                actual = FileHash.Copy(gzip, output);
            if (total is long expectedLength && body.Position != expectedLength)
                throw new InvalidDataFileException(shown, $"the download ended after {body.Position} of {expectedLength} bytes.");
            // Checked before the rename, so a wrong or damaged file never gets the final name.
            if (file.Sha256 is { } expected && !string.Equals(actual, expected, StringComparison.Ordinal))
                throw new InvalidDataFileException(shown, $"the decompressed data has SHA-256 {actual}, expected {expected}.");
        });
        FileHash.MarkVerified(target);
    }
}
