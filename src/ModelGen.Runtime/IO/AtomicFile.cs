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
    /// (if any) is left untouched, and the exception propagates. Temporaries of the same target
    /// left by an earlier save that was killed are deleted first. Errors name
    /// <paramref name="path"/>, never the temporary file, which the user has not heard of.
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
        CreateDirectory(directory, fullPath);
        TemporaryFiles.RemoveLeftovers(fullPath);

        // Same directory, so the final rename never crosses file systems (a cross-device move
        // is a copy, which is not atomic). The leading dot and random part keep the temporary
        // name out of directory listings and away from concurrent writers of the same file.
        string tempPath = TemporaryFiles.For(fullPath);
        try
        {
            try
            {
                // FileShare.None also locks it, which tells a concurrent save's clean-up that
                // this temporary is alive.
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
        catch (Exception e) when (e.Message.Contains(tempPath, StringComparison.Ordinal) && NamingTarget(e, tempPath, fullPath) is { } renamed)
        {
            throw renamed;
        }
    }

    private static void CreateDirectory(string directory, string fullPath)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (IOException) when (FileAmong(directory) is { } file)
        {
            // .NET says "The file ... already exists" or "Could not find a part of the path".
            throw new IOException($"Cannot save {fullPath}: {file} is a file, not a directory.");
        }
    }

    /// <summary>The first of <paramref name="directory"/> and its ancestors that is a regular file, if any.</summary>
    private static string? FileAmong(string directory)
    {
        for (string? current = directory; current is not null; current = Path.GetDirectoryName(current))
        {
            if (File.Exists(current)) return current;
        }
        return null;
    }

    /// <summary>
    /// The same error with the target in place of the temporary: "Access to the path '...' is
    /// denied", "No space left on device", "File name too long" are about the save the user
    /// asked for. Null for an exception type it cannot rebuild.
    /// </summary>
    private static Exception? NamingTarget(Exception e, string tempPath, string fullPath)
    {
        string message = e.Message.Replace(tempPath, fullPath, StringComparison.Ordinal);
        return e switch
        {
            UnauthorizedAccessException => new UnauthorizedAccessException(message, e),
            PathTooLongException => new PathTooLongException(message, e),
            DirectoryNotFoundException => new DirectoryNotFoundException(message, e),
            FileNotFoundException => new FileNotFoundException(message, fullPath, e),
            _ when e.GetType() == typeof(IOException) => new IOException(message, e),
            _ => null,
        };
    }

    private static void TryDelete(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (IOException)
        {
            // The original exception matters more than a leftover temporary file, which the
            // next save of the same target removes.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
