using System.IO.Hashing;

namespace ModelGen.IO;

/// <summary>
/// A read-only pass-through that computes the CRC-32 (as zip and gzip use it) of everything
/// read through it. .NET checks the CRC of gzip streams but not of zip entries, so without this
/// a damaged .npz would silently yield wrong numbers.
/// </summary>
internal sealed class Crc32Stream(Stream inner) : ReadOnlyWrapperStream(inner)
{
    private readonly Crc32 _crc = new();

    /// <summary>The CRC-32 of the bytes read so far.</summary>
    public uint Crc => _crc.GetCurrentHashAsUInt32();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = Inner.Read(buffer);
        _crc.Append(buffer[..read]);
        return read;
    }
}
