using System.Buffers.Binary;
using ModelGen.Tests.Data;

namespace ModelGen.Tests.Fuzzing;

/// <summary>The dimensions and bytes an IDX file holds.</summary>
public sealed record IdxContent(int[] Dimensions, byte[] Data);

/// <summary>
/// A mutated IDX file and what it must read as: <see cref="Expected"/> (null: it must be
/// refused); <see cref="MayRefuse"/> when the reader may also refuse it, because it is damage a
/// checksum reveals rather than a file that says something else.
/// </summary>
public sealed record IdxMutant(string Description, byte[] Bytes, IdxContent? Expected, bool MayRefuse);

/// <summary>
/// Damages an IDX file, raw or gzip: bit flips, truncation, trailing bytes and header edits
/// (magic, type, dimension count, sizes); for gzip also the gzip header and trailer, a second
/// member, and a header and trailer that both claim absent data.
/// </summary>
public sealed class IdxMutator(byte[] content, bool gzip)
{
    /// <summary>The file as fed to the reader before any mutation.</summary>
    public byte[] Original { get; } = gzip ? IdxFixtures.Gzip(content) : content;

    /// <summary>What the original file holds.</summary>
    public IdxContent Content { get; } = Parse(content)!;

    /// <summary>One mutant, chosen and made by <paramref name="random"/> alone.</summary>
    public IdxMutant Mutate(Random random)
    {
        if (!gzip)
        {
            var (what, edited) = EditContent(content, random);
            return new IdxMutant(what, edited, Parse(edited), MayRefuse: false);
        }
        switch (random.Next(8))
        {
            case 0 or 1:
                var (what, edited) = EditContent(content, random);
                return new IdxMutant($"decompressed data: {what}", IdxFixtures.Gzip(edited), Parse(edited), MayRefuse: false);
            case 2:
                var (damage, damaged) = EditContent(Original, random);
                return Damage("gzip: " + damage, damaged);
            case 3:
                return TrailerEdit(random);
            case 4:
                return HeaderEdit(random);
            case 5:
                return Damage("gzip: a second, empty member", [.. Original, .. IdxFixtures.Gzip([])]);
            case 6:
                return Claim(random);
            default:
                int length = random.Next(Original.Length);
                return Damage($"gzip: truncate to {length} of {Original.Length} bytes", Original[..length]);
        }
    }

    /// <summary>The reference reading: null unless the bytes are exactly an unsigned-byte IDX file.</summary>
    public static IdxContent? Parse(byte[] bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 || bytes[3] is 0 or > 16)
            return null;
        int count = bytes[3];
        if (bytes.Length < 4 + (4 * count))
            return null;
        var dimensions = new int[count];
        long product = 1;
        for (int i = 0; i < count; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + (4 * i)));
            if (size is 0 or > int.MaxValue) return null;
            dimensions[i] = (int)size;
            product *= size;
            if (product > Array.MaxLength) return null;
        }
        return bytes.Length - 4 - (4 * count) == product ? new IdxContent(dimensions, bytes[(4 + (4 * count))..]) : null;
    }

    private IdxMutant Damage(string what, byte[] bytes) => new(what, bytes, Content, MayRefuse: true);

    private static (string What, byte[] Bytes) EditContent(byte[] bytes, Random random)
    {
        byte[] edited = (byte[])bytes.Clone();
        switch (random.Next(5))
        {
            case 0:
                var flips = new List<string>();
                for (int i = random.Next(1, 5); i > 0; i--)
                {
                    int at = random.Next(edited.Length), bit = random.Next(8);
                    edited[at] ^= (byte)(1 << bit);
                    flips.Add($"{at}.{bit}");
                }
                return ($"flip bits {string.Join(", ", flips)}", edited);
            case 1:
                int length = random.Next(bytes.Length);
                return ($"truncate to {length} of {bytes.Length} bytes", bytes[..length]);
            case 2:
                return ("4 trailing bytes", [.. bytes, 1, 2, 3, 4]);
            case 3:
                int header = random.Next(4);
                edited[header] = (byte)new[] { 0, 1, 3, 8, 9, 13, 17, 255 }[random.Next(8)];
                return ($"header byte {header} -> {edited[header]}", edited);
            default:
                int dimension = random.Next(Math.Min(edited[3], (edited.Length - 4) / 4));
                int offset = 4 + (4 * dimension);
                uint old = BinaryPrimitives.ReadUInt32BigEndian(edited.AsSpan(offset));
                uint value = new uint[] { 0, old - 1, old + 1, old * 2, old * 1000, int.MaxValue, 0x80000000, uint.MaxValue }[random.Next(8)];
                BinaryPrimitives.WriteUInt32BigEndian(edited.AsSpan(offset), value);
                return ($"dimension {dimension} {old} -> {value}", edited);
        }
    }

    private IdxMutant TrailerEdit(Random random)
    {
        byte[] bytes = (byte[])Original.Clone();
        bool crc = random.Next(2) == 0;
        int at = bytes.Length - (crc ? 8 : 4);
        uint change = (uint)random.Next(1, int.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) ^ change);
        return Damage($"gzip trailer {(crc ? "CRC-32" : "length")} xor {change:x8}", bytes);
    }

    private IdxMutant HeaderEdit(Random random)
    {
        // Magic, method, flags, modification time (harmless), extra flags and OS (harmless).
        byte[] bytes = (byte[])Original.Clone();
        int at = random.Next(10);
        bytes[at] = (byte)random.Next(256);
        return Damage($"gzip header byte {at} -> {bytes[at]:X2}", bytes);
    }

    /// <summary>The first dimension multiplied, and the gzip trailer's length edited to agree: only the data is missing.</summary>
    private IdxMutant Claim(Random random)
    {
        byte[] edited = (byte[])content.Clone();
        int factor = new[] { 2, 10, 1000 }[random.Next(3)];
        uint claimed = (uint)(Content.Dimensions[0] * factor);
        BinaryPrimitives.WriteUInt32BigEndian(edited.AsSpan(4), claimed);
        byte[] bytes = IdxFixtures.Gzip(edited);
        long length = edited.Length + ((long)Content.Data.Length * (factor - 1));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), (uint)length);
        return new IdxMutant($"gzip: dimension 0 claims {claimed}, trailer length {length}", bytes, null, MayRefuse: true);
    }
}
