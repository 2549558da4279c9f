using System.Buffers.Binary;
using System.Text;

namespace ModelGen.Tests.Fuzzing;

/// <summary>
/// Where the fields of a zip archive's entries lie, so that tests can edit one field (a size, a
/// checksum, an .npy header) and leave the rest as written. Knows only the plain layout .NET and
/// NumPy write: local headers, then the central directory, then the end record; no zip64.
/// </summary>
public sealed class ZipLayout
{
    private const uint LocalSignature = 0x04034b50;
    private const uint CentralSignature = 0x02014b50;
    private const uint EndSignature = 0x06054b50;

    /// <summary>One entry: its name and the offsets of the fields tests edit.</summary>
    public sealed record Entry(
        string Name,
        int Method,
        int LocalHeader,
        int LocalCrc,
        int LocalCompressedSize,
        int LocalUncompressedSize,
        int Central,
        int CentralCrc,
        int CentralCompressedSize,
        int CentralUncompressedSize,
        int Data,
        int CompressedSize)
    {
        /// <summary>True when the data is stored as it is (method 0), so that the .npy bytes can be edited in place.</summary>
        public bool Stored => Method == 0;
    }

    private ZipLayout(List<Entry> entries, int end)
    {
        Entries = entries;
        End = end;
    }

    /// <summary>The entries in central-directory order.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>The offset of the end-of-central-directory record.</summary>
    public int End { get; }

    /// <summary>The offset of the end record's entry count (2 bytes).</summary>
    public int EndEntryCount => End + 10;

    /// <summary>The offset of the end record's central-directory size (4 bytes).</summary>
    public int EndDirectorySize => End + 12;

    /// <summary>The offset of the end record's central-directory offset (4 bytes).</summary>
    public int EndDirectoryOffset => End + 16;

    /// <summary>Reads the layout of an archive this test suite wrote (it throws on anything else).</summary>
    public static ZipLayout Parse(byte[] zip)
    {
        int end = zip.Length - 22;
        while (end >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end)) != EndSignature) end--;
        if (end < 0) throw new ArgumentException("No end-of-central-directory record.", nameof(zip));

        int count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        int central = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        var entries = new List<Entry>(count);
        for (int i = 0; i < count; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(central)) != CentralSignature)
                throw new ArgumentException($"No central header at {central}.", nameof(zip));
            int method = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(central + 10));
            int compressed = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(central + 20));
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(central + 28));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(central + 30));
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(central + 32));
            int local = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(central + 42));
            string name = Encoding.UTF8.GetString(zip, central + 46, nameLength);

            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(local)) != LocalSignature)
                throw new ArgumentException($"No local header at {local}.", nameof(zip));
            int localName = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(local + 26));
            int localExtra = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(local + 28));
            entries.Add(new Entry(name, method, local, local + 14, local + 18, local + 22,
                central, central + 16, central + 20, central + 24, local + 30 + localName + localExtra, compressed));
            central += 46 + nameLength + extraLength + commentLength;
        }
        return new ZipLayout(entries, end);
    }
}
