using System.IO.Compression;
using ModelGen.IO;

namespace ModelGen.Serialization;

/// <summary>
/// An open .npz archive whose arrays are read one at a time, by name. A caller that knows what
/// it wants (a network's parameters) reads only those, and gives each one's expected shape, so
/// that a wrong or lying header is refused before its data is read and no load allocates more
/// than its target needs. <see cref="Npz.Read"/> reads every array through this.
/// </summary>
public sealed class NpzReader : IDisposable, ITensorSource
{
    private readonly ZipArchive _archive;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private readonly long _fileLength;

    private NpzReader(string path, ZipArchive archive, Dictionary<string, ZipArchiveEntry> entries, List<string> names, long fileLength)
    {
        Path = path;
        _archive = archive;
        _entries = entries;
        Names = names;
        _fileLength = fileLength;
    }

    /// <summary>The file, as given to <see cref="Open"/>; every error names it.</summary>
    public string Path { get; }

    /// <summary>The arrays' names, without ".npy", in the order the archive lists them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Opens the archive and lists its arrays; no array is read yet.
    /// </summary>
    /// <exception cref="InvalidDataFileException">The file is not a zip archive, or two entries name the same array.</exception>
    public static NpzReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        try
        {
            ZipArchive archive = OpenArchive(file, path);
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            var names = new List<string>();
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                    continue; // a directory entry holds no array
                string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                if (name.Length == 0)
                    throw new InvalidDataFileException(path, $"entry '{entry.FullName}' has no array name.");
                if (!entries.TryAdd(name, entry))
                    throw new InvalidDataFileException(path, $"array '{name}' appears twice.");
                names.Add(name);
            }
            return new NpzReader(path, archive, entries, names, file.Length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>True when the archive holds an array named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>
    /// Reads one array, converted to float32 in C order. With <paramref name="expectedShape"/>,
    /// an array of any other shape is refused from its header, before its data is read.
    /// </summary>
    /// <param name="name">The array's name, without ".npy".</param>
    /// <param name="expectedShape">The shape the caller can use, or null to take any.</param>
    /// <exception cref="InvalidDataFileException">The archive has no such array, or it is damaged, unsupported or of another shape; the message names the file and the array.</exception>
    public NpyArray Read(string name, IReadOnlyList<int>? expectedShape = null)
    {
        var (header, values) = Read<float>(name, expectedShape);
        return new NpyArray(name, header.Shape, values, header.Dtype.Type);
    }

    /// <summary>
    /// Reads one array as <typeparamref name="T"/> (float, or Half for weights kept at half
    /// precision) with every check of <see cref="Read(string, IReadOnlyList{int}?)"/>; no float32
    /// copy is made on the way.
    /// </summary>
    internal (NpyHeader Header, T[] Values) Read<T>(string name, IReadOnlyList<int>? expectedShape)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_entries.TryGetValue(name, out var entry))
            throw new InvalidDataFileException(Path, $"it has no array named '{name}'.");
        CheckSizes(entry, name);

        // Until the data is known to be there, its size is vouched for only by the caller's
        // expected shape or by bytes really in the file: all of a stored entry's data, as much
        // of a compressed entry's as it has compressed bytes.
        long vouched = expectedShape is null ? entry.CompressedLength : long.MaxValue;
        using (var stream = new Crc32Stream(OpenEntry(entry, name)))
        {
            NpyHeader header = Diagnosed(stream, entry, name, () => NpyReader.ReadHeader(stream, entry.Length, Path, name, expectedShape));
            if (header.DataBytes <= vouched)
                return (header, Verified(stream, entry, name, Diagnosed(stream, entry, name, () => NpyReader.ReadValues<T>(stream, header, Path, name))));

            // A compressed entry that claims more data than it has compressed bytes: see that
            // the data is there, intact, before allocating for it; then read it again. Only
            // callers without an expected shape pay for the second pass.
            Verified(stream, entry, name, Diagnosed(stream, entry, name, () => Measure(stream, name, header)));
        }
        using (var again = new Crc32Stream(OpenEntry(entry, name)))
        {
            var read = Diagnosed(again, entry, name, () =>
            {
                NpyHeader header = NpyReader.ReadHeader(again, entry.Length, Path, name, expectedShape);
                return (header, NpyReader.ReadValues<T>(again, header, Path, name));
            });
            return Verified(again, entry, name, read);
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _archive.Dispose();

    float[] ITensorSource.Read(string name, IReadOnlyList<int> expectedShape) => Read(name, expectedShape).Data;

    private static ZipArchive OpenArchive(FileStream file, string path)
    {
        try
        {
            var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
            _ = archive.Entries.Count; // reads the central directory, where damage shows
            return archive;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(path, $"not a valid .npz (zip) archive; it may be truncated ({e.Message}).", e);
        }
    }

    /// <summary>The entry's sizes against the file's: what the archive claims must be possible.</summary>
    private void CheckSizes(ZipArchiveEntry entry, string name)
    {
        if (entry.CompressedLength > _fileLength)
            throw Damaged(name, $"it claims {entry.CompressedLength} compressed bytes, more than the whole {_fileLength}-byte file");
        if (entry.Length > (entry.CompressedLength + 1) * GzipReadStream.MaxDeflateRatio)
            throw Damaged(name, $"it claims {entry.Length} bytes uncompressed from {entry.CompressedLength} compressed bytes, more than deflate can produce");
    }

    private Stream OpenEntry(ZipArchiveEntry entry, string name)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(Path, $"array '{name}': the entry cannot be opened ({e.Message}).", e);
        }
    }

    /// <summary>Reads the rest of the entry without keeping it: it must be exactly the header's data.</summary>
    private long Measure(Crc32Stream stream, string name, NpyHeader header)
    {
        long present = stream.Drain();
        if (present < header.DataBytes)
            throw Damaged(name, $"data is truncated: the header needs {header.DataBytes} bytes but the entry's data ends after {present}");
        if (present > header.DataBytes)
            throw Damaged(name, $"the entry holds more than the {header.DataBytes} bytes its header declares");
        return present;
    }

    /// <summary><paramref name="value"/>, once the bytes read so far (the whole entry) match the archive's CRC-32.</summary>
    private T Verified<T>(Crc32Stream stream, ZipArchiveEntry entry, string name, T value)
    {
        // The reader has consumed the whole entry (it refuses trailing bytes), so the CRC
        // covers it all; .NET does not check zip entries' CRCs itself.
        if (stream.Crc != entry.Crc32)
            throw Damaged(name, $"its CRC-32 is {stream.Crc:x8} but the archive records {entry.Crc32:x8}");
        return value;
    }

    /// <summary>
    /// Runs <paramref name="read"/>; when it finds a format error, checks whether the entry is
    /// damaged, which is then the real story (a changed length or a broken magic looks like a
    /// format error).
    /// </summary>
    private T Diagnosed<T>(Crc32Stream stream, ZipArchiveEntry entry, string name, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidDataFileException or InvalidDataException)
        {
            if (!TryDrain(stream) || stream.Crc != entry.Crc32)
                throw new InvalidDataFileException(Path, $"array '{name}': the entry is damaged (its data does not match its CRC-32, or its compressed data is corrupt).", e);
            if (e is InvalidDataException)
                throw new InvalidDataFileException(Path, $"array '{name}': the compressed entry is corrupt ({e.Message}).", e);
            throw;
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

    private InvalidDataFileException Damaged(string name, string problem) => new(Path, $"array '{name}': the entry is damaged: {problem}.");
}
