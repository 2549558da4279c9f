namespace ModelGen.IO;

/// <summary>
/// Writes a file so that readers only ever see the old contents or the complete new ones:
/// a crash, a full disk or an exception thrown by the writer never leaves a partial file
/// under the final name.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Creates the directory if needed, runs <paramref name="write"/> on a temporary file in
    /// the same directory, flushes it to disk and renames it over <paramref name="path"/>.
    /// If <paramref name="write"/> throws, the temporary file is deleted, the previous file
    /// (if any) is left untouched, and the exception propagates.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole contents; it must not close the stream (wrappers such
    /// as ZipArchive need leaveOpen: true), because the stream is flushed to disk after it returns.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"{path}: not a file path (it names a root directory).", nameof(path));
        Directory.CreateDirectory(directory);

        // Same directory, so the final rename never crosses file systems (a cross-device move
        // is a copy, which is not atomic). The leading dot and random part keep the temporary
        // name out of directory listings and away from concurrent writers of the same file.
        string tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                // Flush to the device, not only to the OS: otherwise a power loss after the
                // rename could leave the new name pointing at an empty or partial file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    private static void TryDelete(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (IOException)
        {
            // The original exception matters more than a leftover temporary file, whose
            // name marks it as such.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
