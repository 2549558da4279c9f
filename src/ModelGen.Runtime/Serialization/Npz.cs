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
    /// Reads every array, converted to float32 in C order, keyed by name without ".npy". To read
    /// some arrays, or to refuse arrays of the wrong shape before reading them, use <see cref="NpzReader"/>.
    /// </summary>
    /// <exception cref="InvalidDataFileException">The file or one of its arrays is invalid or unsupported; the message names both.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        using var reader = NpzReader.Open(path);
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (string name in reader.Names) result.Add(name, reader.Read(name));
        return result;
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
        foreach (NpyArray array in list) ArgumentNullException.ThrowIfNull(array, nameof(arrays));
        WriteEntries(path, [.. list.Select(a => a.Name)], (stream, i) => NpyWriter.Write(stream, list[i]));
    }

    /// <summary>
    /// Writes float16, float32 and float64 arrays, each as its own type, from values kept as
    /// double: a conversion from another format loses nothing. Atomic, like <see cref="Write"/>.
    /// </summary>
    internal static void WriteExact(string path, IReadOnlyList<(string Name, int[] Shape, NpyType Type, double[] Values)> arrays)
        => WriteEntries(path, [.. arrays.Select(a => a.Name)], (stream, i) => NpyWriter.Write(stream, arrays[i].Shape, arrays[i].Type, arrays[i].Values));

    /// <summary>Writes one stored entry "{name}.npy" per name, its bytes from <paramref name="writeEntry"/>, atomically.</summary>
    private static void WriteEntries(string path, IReadOnlyList<string> names, Action<Stream, int> writeEntry)
    {
        var unique = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!unique.Add(name))
                throw new ArgumentException($"{path}: two arrays are named '{name}'; names in an .npz must be unique.", "arrays");
        }

        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            for (int i = 0; i < names.Count; i++)
            {
                ZipArchiveEntry entry = zip.CreateEntry(names[i] + ".npy", CompressionLevel.NoCompression);
                entry.LastWriteTime = s_entryTime;
                using Stream entryStream = entry.Open();
                writeEntry(entryStream, i);
            }
        });
    }
}
