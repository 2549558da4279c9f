using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace ModelGen.IO;

/// <summary>
/// Decompresses one gzip member (RFC 1952) and, when its data ends, checks the trailer: the
/// CRC-32 and the length of the data. .NET's GZipStream checks them too, but reports a bad
/// checksum as "The archive entry was compressed using an unsupported compression method" and
/// stops without a word when the file ends inside the trailer or the data; this stream says
/// which happened, naming the file. Concatenated members (rare outside log files) are not read:
/// the rest of the input must be one trailer.
/// </summary>
internal sealed class GzipReadStream : ReadOnlyWrapperStream
{
    /// <summary>
    /// Deflate cannot expand data by more than about 1032:1, so a file or entry that claims more
    /// decompressed bytes than that from its compressed size is damaged; readers check this
    /// before they allocate, so a damaged header cannot ask for gigabytes.
    /// </summary>
    public const long MaxDeflateRatio = 1032;

    private const int TrailerLength = 8;
    private const byte Deflate = 8;

    // Header flags (RFC 1952 2.3.1); bits 5 to 7 are reserved and must be zero.
    private const byte HeaderCrcFlag = 0x02;
    private const byte ExtraFlag = 0x04;
    private const byte NameFlag = 0x08;
    private const byte CommentFlag = 0x10;
    private const byte ReservedFlags = 0xE0;

    private readonly string _name;
    private readonly Stream _compressed;
    private readonly bool _leaveOpen;
    private readonly Tail _tail;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _trailerChecked;

    private GzipReadStream(Stream deflate, Stream compressed, Tail tail, string name, bool leaveOpen)
        : base(deflate)
    {
        _compressed = compressed;
        _tail = tail;
        _name = name;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Reads the gzip header from <paramref name="compressed"/> and returns the stream of its data.</summary>
    /// <param name="compressed">Positioned at the gzip magic.</param>
    /// <param name="name">The file (or address) the data comes from, for messages.</param>
    /// <param name="leaveOpen">Whether disposing this leaves <paramref name="compressed"/> open.</param>
    /// <exception cref="InvalidDataFileException">The header is not gzip, or is cut short.</exception>
    public static GzipReadStream Open(Stream compressed, string name, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        ReadHeader(compressed, name);
        var tail = new Tail(compressed);
        // The tail stays open: disposing it would close the input, which leaveOpen decides.
        var deflate = new DeflateStream(tail, CompressionMode.Decompress, leaveOpen: true);
        return new GzipReadStream(deflate, compressed, tail, name, leaveOpen);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = Inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(_name, "the file is damaged: its compressed (gzip) data is corrupt.", e);
        }
        _crc.Append(buffer[..read]);
        _length += read;
        if (read == 0 && buffer.Length > 0) CheckTrailer();
        return read;
    }


    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !_leaveOpen) _compressed.Dispose();
    }

    /// <summary>At the end of the data: what follows it must be exactly the trailer, and agree with it.</summary>
    private void CheckTrailer()
    {
        if (_trailerChecked) return;
        _trailerChecked = true;
        Span<byte> rest = stackalloc byte[4096];
        while (_tail.Read(rest) > 0)
        {
        }
        if (_tail.Total < TrailerLength)
            throw new InvalidDataFileException(_name, "truncated: the gzip data ends without its 8-byte trailer.");
        uint recordedCrc = BinaryPrimitives.ReadUInt32LittleEndian(_tail.Last);
        uint recordedLength = BinaryPrimitives.ReadUInt32LittleEndian(_tail.Last[4..]);
        if (recordedLength != (uint)_length)
        {
            throw new InvalidDataFileException(_name,
                $"truncated or damaged: the gzip trailer records {recordedLength} decompressed bytes (modulo 2^32) but the data holds {_length}; "
                + "the file is cut short, damaged, or holds more than one gzip member, which is not supported.");
        }
        uint actualCrc = _crc.GetCurrentHashAsUInt32();
        if (recordedCrc != actualCrc)
            throw new InvalidDataFileException(_name, $"the file is damaged: bad checksum (the data's CRC-32 is {actualCrc:x8}, the gzip trailer records {recordedCrc:x8}).");
    }

    private static void ReadHeader(Stream compressed, string name)
    {
        Span<byte> fixedPart = stackalloc byte[10];
        ReadExactly(compressed, fixedPart, name);
        if (fixedPart[0] != 0x1F || fixedPart[1] != 0x8B)
            throw new InvalidDataFileException(name, $"not valid gzip data: it starts {fixedPart[0]:X2} {fixedPart[1]:X2}, not 1F 8B.");
        if (fixedPart[2] != Deflate)
            throw new InvalidDataFileException(name, $"the gzip header names compression method {fixedPart[2]}; only 8 (deflate) exists.");
        byte flags = fixedPart[3];
        if ((flags & ReservedFlags) != 0)
            throw new InvalidDataFileException(name, $"the file is damaged: the gzip header sets reserved flags ({flags:X2}).");

        Span<byte> two = stackalloc byte[2];
        if ((flags & ExtraFlag) != 0)
        {
            ReadExactly(compressed, two, name);
            Skip(compressed, BinaryPrimitives.ReadUInt16LittleEndian(two), name);
        }
        if ((flags & NameFlag) != 0) SkipZeroTerminated(compressed, name);
        if ((flags & CommentFlag) != 0) SkipZeroTerminated(compressed, name);
        if ((flags & HeaderCrcFlag) != 0) ReadExactly(compressed, two, name);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new InvalidDataFileException(name, "truncated: the file ends inside the gzip header.");
    }

    private static void Skip(Stream stream, int count, string name)
    {
        Span<byte> one = stackalloc byte[1];
        for (int i = 0; i < count; i++) ReadExactly(stream, one, name);
    }

    private static void SkipZeroTerminated(Stream stream, string name)
    {
        Span<byte> one = stackalloc byte[1];
        do
        {
            ReadExactly(stream, one, name);
        }
        while (one[0] != 0);
    }

    /// <summary>
    /// Passes the compressed input through and keeps its last eight bytes: the decompressor
    /// reads ahead, so where the deflate data ended is unknown, but a single member's trailer is
    /// always the last eight bytes of the input.
    /// </summary>
    private sealed class Tail(Stream inner) : ReadOnlyWrapperStream(inner)
    {
        private readonly byte[] _last = new byte[TrailerLength];

        /// <summary>Bytes read through so far.</summary>
        public long Total { get; private set; }

        /// <summary>The last eight bytes read (fewer at the start when <see cref="Total"/> is smaller).</summary>
        public ReadOnlySpan<byte> Last => _last;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = Inner.Read(buffer);
            Keep(buffer[..read]);
            Total += read;
            return read;
        }

        private void Keep(ReadOnlySpan<byte> read)
        {
            if (read.Length >= TrailerLength)
            {
                read[^TrailerLength..].CopyTo(_last);
                return;
            }
            // Shift the kept bytes left and append the new ones.
            _last.AsSpan(read.Length).CopyTo(_last);
            read.CopyTo(_last.AsSpan(TrailerLength - read.Length));
        }
    }
}
