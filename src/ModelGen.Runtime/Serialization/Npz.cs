using System.IO.Compression;
using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// NumPy .npz archives: a zip of .npy files, one per named array, as written by
/// <c>numpy.savez</c> / <c>savez_compressed</c> and read by <c>numpy.load</c>.
/// </summary>
public static class Npz
{
    // Entries get a fixed time stamp (the earliest a zip can hold) so that saving the same
    // arrays twice gives identical bytes: checkpoints can be compared and hashed.
    private static readonly DateTimeOffset s_entryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Reads every array, converted to float32 in C order, keyed by name without ".npy".
    /// </summary>
    /// <exception cref="InvalidDataFileException">The file or one of its arrays is invalid or unsupported; the message names both.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(path, $"not a valid .npz (zip) archive; it may be truncated ({e.Message}).", e);
        }

        using (archive)
        {
            var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                    continue; // a directory entry holds no array
                string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                if (name.Length == 0)
                    throw new InvalidDataFileException(path, $"entry '{entry.FullName}' has no array name.");
                if (result.ContainsKey(name))
                    throw new InvalidDataFileException(path, $"array '{name}' appears twice.");
                result.Add(name, ReadEntry(path, entry, name));
            }
            return result;
        }
    }

    private static NpyArray ReadEntry(string path, ZipArchiveEntry entry, string name)
    {
        using var stream = new Crc32Stream(OpenEntry(path, entry, name));
        NpyArray array;
        try
        {
            array = NpyReader.Read(stream, entry.Length, path, name);
        }
        catch (Exception e) when (e is InvalidDataFileException or InvalidDataException)
        {
            // Damage to the archive can look like a format error (a changed length, a broken
            // magic); when the checksum disagrees, that is the real story.
            if (!TryDrain(stream) || stream.Crc != entry.Crc32)
                throw new InvalidDataFileException(path, $"array '{name}': the entry is damaged (its data does not match its CRC-32, or its compressed data is corrupt).", e);
            if (e is InvalidDataException)
                throw new InvalidDataFileException(path, $"array '{name}': the compressed entry is corrupt ({e.Message}).", e);
            throw;
        }

        // NpyReader read to the end of the entry (it rejects trailing bytes), so the CRC
        // covers it all.
        if (stream.Crc != entry.Crc32)
            throw new InvalidDataFileException(path, $"array '{name}': the entry is damaged: its CRC-32 is {stream.Crc:x8} but the archive records {entry.Crc32:x8}.");
        return array;
    }

    private static Stream OpenEntry(string path, ZipArchiveEntry entry, string name)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(path, $"array '{name}': the entry cannot be opened ({e.Message}).", e);
        }
    }

    private static bool TryDrain(Crc32Stream stream)
    {
        try
        {
            stream.Drain();
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the arrays as little-endian float32 .npy entries (float16 for arrays whose
    /// <see cref="NpyArray.SourceType"/> is <see cref="NpyType.Float16"/>; stored, like numpy.savez),
    /// atomically: readers see the old file or the complete new one, never a partial one.
    /// </summary>
    public static void Write(string path, IEnumerable<NpyArray> arrays)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(arrays);
        List<NpyArray> list = [.. arrays];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (NpyArray array in list)
        {
            ArgumentNullException.ThrowIfNull(array, nameof(arrays));
            if (!names.Add(array.Name))
                throw new ArgumentException($"{path}: two arrays are named '{array.Name}'; names in an .npz must be unique.", nameof(arrays));
        }

        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (NpyArray array in list)
            {
                ZipArchiveEntry entry = zip.CreateEntry(array.Name + ".npy", CompressionLevel.NoCompression);
                entry.LastWriteTime = s_entryTime;
                using Stream entryStream = entry.Open();
                NpyWriter.Write(entryStream, array);
            }
        });
    }
}
