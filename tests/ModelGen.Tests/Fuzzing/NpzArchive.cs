using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ModelGen.Tests.Fuzzing;

/// <summary>An .npz taken apart into its entries, each .npy one with its header's meaning, and put back together.</summary>
public sealed class NpzArchive
{
    /// <summary>One entry: its file name, its bytes, and (for an .npy entry) what its header says.</summary>
    public sealed record Entry(string FileName, byte[] Content, string Descr, int[] Shape, bool Fortran, int DataOffset)
    {
        /// <summary>The array's name, as loaders know it.</summary>
        public string Name => FileName.EndsWith(".npy", StringComparison.Ordinal) ? FileName[..^4] : FileName;

        /// <summary>The bytes after the header.</summary>
        public byte[] Data => Content[DataOffset..];
    }

    private NpzArchive(List<Entry> entries) => Entries = entries;

    /// <summary>The entries in archive order.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>Takes apart an archive of stored .npy entries with NumPy's header layout (what the runtime and NumPy write).</summary>
    public static NpzArchive Parse(byte[] stored)
    {
        var layout = ZipLayout.Parse(stored);
        var entries = new List<Entry>();
        foreach (var e in layout.Entries)
        {
            if (!e.Stored) throw new ArgumentException($"{e.Name} is compressed; parse the stored twin.", nameof(stored));
            byte[] content = stored.AsSpan(e.Data, e.CompressedSize).ToArray();
            int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(content.AsSpan(8));
            string dict = Encoding.Latin1.GetString(content, 10, headerLength);
            entries.Add(new Entry(e.Name, content, Between(dict, "'descr': '", "'"), ParseShape(Between(dict, "'shape': (", ")")),
                dict.Contains("'fortran_order': True", StringComparison.Ordinal), 10 + headerLength));
        }
        return new NpzArchive(entries);
    }

    /// <summary>The archive with <paramref name="name"/>'s bytes replaced, stored or deflated; every size and checksum right.</summary>
    public byte[] Build(bool deflate, string? name = null, byte[]? content = null)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in Entries)
            {
                var created = zip.CreateEntry(entry.FileName, deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                created.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = created.Open();
                stream.Write(entry.Name == name ? content! : entry.Content);
            }
        }
        return memory.ToArray();
    }

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static int[] ParseShape(string inside) =>
        [.. inside.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];
}
