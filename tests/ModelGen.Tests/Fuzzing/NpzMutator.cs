using System.Buffers.Binary;
using System.Globalization;
using ModelGen.Tests.Serialization;

namespace ModelGen.Tests.Fuzzing;

/// <summary>
/// What a deliberate edit made one array mean. <see cref="Values"/> is what a loader that
/// accepts the file must produce; null when every loader that reads the array must refuse it.
/// <see cref="Unchecked"/> marks an edit whose meaning the fuzz does not work out (random bytes
/// in a header that the checksum vouches for): any outcome is right except a crash, a wrong
/// exception or a changed target.
/// </summary>
public sealed record EditedArray(string Name, int[]? Shape, float[]? Values, bool Unchecked = false);

/// <summary>A mutated file, what was done to it, and what a deliberate edit made it mean (null: damage, which must not change any value a loader returns).</summary>
public sealed record NpzMutant(string Description, byte[] Bytes, EditedArray? Edit);

/// <summary>
/// Damages a well-formed .npz in the ways files get damaged or forged: bit flips, truncation,
/// edited zip sizes, checksums and directory fields, and edited .npy headers (shape, dtype,
/// order, length, version), data and size claims. Edits to an entry rebuild the archive, so its
/// checksum is right (the edit reaches the parser) unless the mutation keeps the old one.
/// </summary>
public sealed class NpzMutator
{
    private readonly NpzArchive _archive;
    private readonly bool _deflate;
    private readonly ZipLayout _layout;

    /// <param name="stored">The archive with stored entries, as the runtime writes it.</param>
    /// <param name="deflate">Whether the files fed to the loaders are deflated (as numpy.savez_compressed writes them).</param>
    public NpzMutator(byte[] stored, bool deflate)
    {
        _archive = NpzArchive.Parse(stored);
        _deflate = deflate;
        Original = deflate ? _archive.Build(deflate: true) : stored;
        _layout = ZipLayout.Parse(Original);
    }

    /// <summary>The file as fed to the loaders before any mutation.</summary>
    public byte[] Original { get; }

    /// <summary>One mutant, chosen and made by <paramref name="random"/> alone.</summary>
    public NpzMutant Mutate(Random random) => random.Next(20) switch
    {
        0 or 1 or 2 => BitFlips(random),
        3 => Truncate(random),
        4 or 5 => ZipSize(random),
        6 => ZipChecksum(random),
        7 => ZipDirectory(random),
        8 or 9 => ShapeEdit(random),
        10 or 11 => DtypeEdit(random),
        12 => OrderEdit(random),
        13 => EquivalentHeader(random),
        14 => HeaderGarbage(random),
        15 => PrefixEdit(random),
        16 => DataEdit(random),
        17 or 18 => SizeClaim(random),
        _ => HeaderBitFlip(random),
    };

    private NpzMutant BitFlips(Random random)
    {
        byte[] bytes = (byte[])Original.Clone();
        var flips = new List<string>();
        for (int i = random.Next(1, 5); i > 0; i--)
        {
            int at = random.Next(bytes.Length), bit = random.Next(8);
            bytes[at] ^= (byte)(1 << bit);
            flips.Add($"{at}.{bit}");
        }
        return new NpzMutant($"flip bits {string.Join(", ", flips)}", bytes, null);
    }

    private NpzMutant Truncate(Random random)
    {
        int length = random.Next(Original.Length);
        return new NpzMutant($"truncate to {length} of {Original.Length} bytes", Original[..length], null);
    }

    private NpzMutant ZipSize(Random random)
    {
        var entry = _layout.Entries[random.Next(_layout.Entries.Count)];
        (string field, int[] at) = random.Next(6) switch
        {
            0 => ("local compressed size", new[] { entry.LocalCompressedSize }),
            1 => ("local uncompressed size", new[] { entry.LocalUncompressedSize }),
            2 => ("central compressed size", new[] { entry.CentralCompressedSize }),
            3 => ("central uncompressed size", new[] { entry.CentralUncompressedSize }),
            4 => ("both compressed sizes", new[] { entry.LocalCompressedSize, entry.CentralCompressedSize }),
            _ => ("both uncompressed sizes", new[] { entry.LocalUncompressedSize, entry.CentralUncompressedSize }),
        };
        byte[] bytes = (byte[])Original.Clone();
        uint old = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at[0]));
        uint value = EditedSize(old, random);
        foreach (int offset in at) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        return new NpzMutant($"{entry.Name}: {field} {old} -> {value}", bytes, null);
    }

    private NpzMutant ZipChecksum(Random random)
    {
        var entry = _layout.Entries[random.Next(_layout.Entries.Count)];
        bool local = random.Next(2) == 0;
        byte[] bytes = (byte[])Original.Clone();
        int at = local ? entry.LocalCrc : entry.CentralCrc;
        uint change = (uint)random.Next(1, int.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) ^ change);
        return new NpzMutant($"{entry.Name}: {(local ? "local" : "central")} CRC-32 xor {change:x8}", bytes, null);
    }

    private NpzMutant ZipDirectory(Random random)
    {
        var entry = _layout.Entries[random.Next(_layout.Entries.Count)];
        (string field, int at, int width) = random.Next(6) switch
        {
            0 => ("end record's entry count", _layout.EndEntryCount, 2),
            1 => ("end record's directory size", _layout.EndDirectorySize, 4),
            2 => ("end record's directory offset", _layout.EndDirectoryOffset, 4),
            3 => ($"{entry.Name}: central local-header offset", entry.Central + 42, 4),
            4 => ($"{entry.Name}: central name length", entry.Central + 28, 2),
            _ => ($"{entry.Name}: local name length", entry.LocalHeader + 26, 2),
        };
        byte[] bytes = (byte[])Original.Clone();
        uint old = width == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        uint value = EditedSize(old, random);
        if (width == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)value);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
        return new NpzMutant($"{field} {old} -> {(width == 2 ? (ushort)value : value)}", bytes, null);
    }

    private NpzMutant ShapeEdit(Random random)
    {
        var entry = Pick(random);
        int[] shape = entry.Shape.Length == 0 ? [1] : entry.Shape;
        long count = shape.Aggregate(1L, (a, d) => a * d);
        int axis = random.Next(shape.Length);
        int[] WithDim(int value) => [.. shape.Take(axis), value, .. shape.Skip(axis + 1)];
        (string text, int[]? parsed) = random.Next(20) switch
        {
            18 => (new string('(', 1_000) + new string(')', 1_000), null),
            19 => (new string('(', 30_000) + new string(')', 30_000), null),
            0 => Valid(WithDim(shape[axis] + 1)),
            1 => Valid(WithDim(shape[axis] - 1)),
            2 => Valid(WithDim(shape[axis] * 2)),
            3 => Valid(WithDim(0)),
            4 => Valid(WithDim(1_000_000_000)),
            5 => Valid(WithDim(268_435_456)),
            6 => Valid([.. shape.Reverse()]),
            7 => Valid([(int)count]),
            8 => Valid([.. shape, 1]),
            9 => Valid([1, .. shape]),
            10 => Valid([]),
            11 => ($"({shape[axis]}, -1)", null),
            12 => ("(2147483648,)", null),
            13 => ("(99999999999999999999,)", null),
            14 => ($"(({shape[0]},),)", null),
            15 => ($"[{shape[0]}]", null),
            16 => ($"({shape[0]}.0,)", null),
            _ => ($"({string.Join(", ", Enumerable.Repeat("1", 65))}, {count})", null),
        };
        var meaning = new EditedArray(entry.Name, parsed, parsed is null ? null : NpyReference.Decode(entry.Data, entry.Descr, parsed, entry.Fortran));
        return Edited(random, entry, $"shape {ShapeText(entry.Shape)} -> {Shorten(text)}", Npy(entry.Descr, entry.Fortran, text, entry.Data), meaning);
    }

    private static readonly string[] s_dtypes =
    [
        "<f4", ">f4", "=f4", "<i4", "<u4", ">i4", "|u1", "|i1", "<f2", "<f8", ">f8", "<i8", "<u8", "|b1", "<i2",
        "<c8", "<U4", "|O", "<f16", "f4", "<f3", "<M8[ns]", "|V4", "", "<<f4",
    ];

    private NpzMutant DtypeEdit(Random random)
    {
        var entry = Pick(random);
        string descr = s_dtypes[random.Next(s_dtypes.Length)];
        var meaning = new EditedArray(entry.Name, entry.Shape, NpyReference.Decode(entry.Data, descr, entry.Shape, entry.Fortran));
        return Edited(random, entry, $"dtype {entry.Descr} -> '{descr}'", Npy(descr, entry.Fortran, ShapeText(entry.Shape), entry.Data), meaning);
    }

    private NpzMutant OrderEdit(Random random)
    {
        var entry = Pick(random);
        var meaning = new EditedArray(entry.Name, entry.Shape, NpyReference.Decode(entry.Data, entry.Descr, entry.Shape, !entry.Fortran));
        return Edited(random, entry, $"fortran_order -> {!entry.Fortran}", Npy(entry.Descr, !entry.Fortran, ShapeText(entry.Shape), entry.Data), meaning);
    }

    /// <summary>Headers that say the same thing differently: every reader of NumPy files must take them.</summary>
    private NpzMutant EquivalentHeader(Random random)
    {
        var entry = Pick(random);
        string order = entry.Fortran ? "True" : "False";
        string shape = ShapeText(entry.Shape);
        (string what, byte[] content) = random.Next(6) switch
        {
            0 => ("double quotes", NpyFixtures.Npy(Dict(entry.Descr, entry.Fortran, shape).Replace('\'', '"'), entry.Data)),
            1 => ("keys in reverse order", NpyFixtures.Npy($"{{'shape': {shape}, 'fortran_order': {order}, 'descr': '{entry.Descr}'}}", entry.Data)),
            2 => ("no spaces, no trailing comma", NpyFixtures.Npy($"{{'descr':'{entry.Descr}','fortran_order':{order},'shape':{shape.Replace(" ", "", StringComparison.Ordinal)}}}", entry.Data)),
            3 => ("Python 2 long integers", NpyFixtures.Npy(Dict(entry.Descr, entry.Fortran, LongShapeText(entry.Shape)), entry.Data)),
            4 => ("version 2.0", NpyFixtures.Npy(Dict(entry.Descr, entry.Fortran, shape), entry.Data, major: 2)),
            _ => ("version 3.0", NpyFixtures.Npy(Dict(entry.Descr, entry.Fortran, shape), entry.Data, major: 3)),
        };
        var meaning = new EditedArray(entry.Name, entry.Shape, NpyReference.Decode(entry.Data, entry.Descr, entry.Shape, entry.Fortran));
        return Edited(random, entry, what, content, meaning);
    }

    private NpzMutant HeaderGarbage(Random random)
    {
        var entry = Pick(random);
        char[] dict = Dict(entry.Descr, entry.Fortran, ShapeText(entry.Shape)).ToCharArray();
        const string pool = "(){}[]',:.-0123456789 \t\n\0LTFNaefilorstu\u0093\u00ff";
        var changes = new List<string>();
        for (int i = random.Next(1, 4); i > 0; i--)
        {
            int at = random.Next(dict.Length);
            dict[at] = pool[random.Next(pool.Length)];
            changes.Add(at.ToString(CultureInfo.InvariantCulture));
        }
        string text = new(dict);
        return Edited(random, entry, $"header characters {string.Join(", ", changes)} replaced: {Shorten(text)}", NpyFixtures.Npy(text, entry.Data),
            new EditedArray(entry.Name, null, null, Unchecked: true));
    }

    private NpzMutant HeaderBitFlip(Random random)
    {
        var entry = Pick(random);
        byte[] content = (byte[])entry.Content.Clone();
        int at = random.Next(entry.DataOffset), bit = random.Next(8);
        content[at] ^= (byte)(1 << bit);
        return Edited(random, entry, $"flip header bit {at}.{bit}", content, new EditedArray(entry.Name, null, null, Unchecked: true));
    }

    /// <summary>The magic, version and header-length field: every change makes the entry unreadable.</summary>
    private NpzMutant PrefixEdit(Random random)
    {
        var entry = Pick(random);
        byte[] content = (byte[])entry.Content.Clone();
        int headerLength = entry.DataOffset - 10;
        string what;
        switch (random.Next(4))
        {
            case 0:
                int at = random.Next(6);
                content[at] = (byte)random.Next(256);
                what = content[at] == entry.Content[at] ? "magic unchanged" : $"magic byte {at} -> {content[at]:X2}";
                break;
            case 1:
                content[6] = (byte)new[] { 0, 2, 3, 4, 255 }[random.Next(5)];
                what = $"version {content[6]}.0";
                break;
            case 2:
                content[7] = 1;
                what = "version 1.1";
                break;
            default:
                int length = new[] { 0, headerLength - 1, headerLength + 1, headerLength + 64, 0xFFFF, random.Next(0x10000) }[random.Next(6)];
                BinaryPrimitives.WriteUInt16LittleEndian(content.AsSpan(8), (ushort)length);
                what = $"header length {headerLength} -> {length}";
                break;
        }
        bool unchanged = content.AsSpan().SequenceEqual(entry.Content);
        var meaning = new EditedArray(entry.Name, entry.Shape, unchanged ? NpyReference.Decode(entry.Data, entry.Descr, entry.Shape, entry.Fortran) : null);
        return Edited(random, entry, what, content, meaning);
    }

    private NpzMutant DataEdit(Random random)
    {
        var entry = Pick(random);
        byte[] data = entry.Data;
        int size = entry.Descr[2] - '0';
        int cut = Math.Min(data.Length, 1 + random.Next(2 * size));
        (string what, byte[] edited) = random.Next(4) switch
        {
            0 when cut > 0 => ($"data cut by {cut} bytes", data[..^cut]),
            1 => ("data grown by 4 bytes", [.. data, 0, 0, 0, 0]),
            2 when data.Length >= size => ("a value set to NaN", WithNaN(data, entry.Descr, random.Next(data.Length / size))),
            _ when data.Length > 0 => ("a data byte changed", WithByte(data, random.Next(data.Length), (byte)random.Next(256))),
            _ => ("data grown by 4 bytes", [.. data, 0, 0, 0, 0]),
        };
        var meaning = new EditedArray(entry.Name, entry.Shape, NpyReference.Decode(edited, entry.Descr, entry.Shape, entry.Fortran));
        byte[] content = [.. entry.Content.AsSpan(0, entry.DataOffset), .. edited];
        return Edited(random, entry, what, content, meaning);
    }

    /// <summary>The issue's finding: a header that claims a huge array, with the zip's sizes edited to agree.</summary>
    private NpzMutant SizeClaim(Random random)
    {
        var entry = Pick(random);
        long count = entry.Shape.Aggregate(1L, (a, d) => a * d);
        int size = entry.Descr[2] - '0';
        long claimed = new[] { 1_000_000_000L, 268_435_456L, 25_000_000L, Math.Max(2 * count, 2), count + 1 }[random.Next(5)];
        byte[] content = Npy(entry.Descr, entry.Fortran, $"({claimed},)", entry.Data);
        byte[] bytes = _archive.Build(_deflate, entry.Name, content);
        var layout = ZipLayout.Parse(bytes).Entries.First(e => e.Name == entry.FileName);
        int headerBytes = content.Length - entry.Data.Length;
        uint declared = (uint)Math.Min(uint.MaxValue, headerBytes + (claimed * size));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(layout.LocalUncompressedSize), declared);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(layout.CentralUncompressedSize), declared);
        if (!_deflate)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(layout.LocalCompressedSize), declared);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(layout.CentralCompressedSize), declared);
        }
        return new NpzMutant($"{entry.FileName}: claims ({claimed},), zip sizes {declared}", bytes, new EditedArray(entry.Name, null, null));
    }

    /// <summary>
    /// The archive with <paramref name="entry"/> replaced. Two times in three the checksum is
    /// right, so the edit is the file's true meaning; otherwise the old checksum stays, and
    /// the edit is damage that no loader may take for data.
    /// </summary>
    private NpzMutant Edited(Random random, NpzArchive.Entry entry, string what, byte[] content, EditedArray meaning)
    {
        byte[] bytes = _archive.Build(_deflate, entry.Name, content);
        if (random.Next(3) != 0)
            return new NpzMutant($"{entry.FileName}: {what}", bytes, meaning);

        var original = _layout.Entries.First(e => e.Name == entry.FileName);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(Original.AsSpan(original.CentralCrc));
        var rebuilt = ZipLayout.Parse(bytes).Entries.First(e => e.Name == entry.FileName);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(rebuilt.LocalCrc), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(rebuilt.CentralCrc), crc);
        return new NpzMutant($"{entry.FileName}: {what}, checksum not updated", bytes, null);
    }

    private NpzArchive.Entry Pick(Random random) => _archive.Entries[random.Next(_archive.Entries.Count)];

    private static uint EditedSize(uint old, Random random) => random.Next(9) switch
    {
        0 => 0,
        1 => old - 1,
        2 => old + 1,
        3 => old * 2,
        4 => old + 4096,
        5 => uint.MaxValue,
        6 => int.MaxValue,
        7 => 4_000_000_000,
        _ => (uint)random.NextInt64(uint.MaxValue),
    };

    private static (string, int[]?) Valid(int[] shape) => (ShapeText(shape), shape);

    private static byte[] Npy(string descr, bool fortran, string shape, byte[] data) => NpyFixtures.Npy(Dict(descr, fortran, shape), data);

    private static string Dict(string descr, bool fortran, string shape) => NpyFixtures.Dict(descr, shape, fortran);

    private static string ShapeText(int[] shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => $"({string.Join(", ", shape)})",
    };

    private static string LongShapeText(int[] shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0]}L,)",
        _ => $"({string.Join(", ", shape.Select(d => $"{d}L"))})",
    };

    private static byte[] WithNaN(byte[] data, string descr, int index)
    {
        byte[] result = (byte[])data.Clone();
        int size = descr[2] - '0';
        Span<byte> value = result.AsSpan(index * size, size);
        bool big = descr[0] == '>';
        switch (descr[1], size)
        {
            case ('f', 2): if (big) BinaryPrimitives.WriteHalfBigEndian(value, Half.NaN); else BinaryPrimitives.WriteHalfLittleEndian(value, Half.NaN); break;
            case ('f', 4): if (big) BinaryPrimitives.WriteSingleBigEndian(value, float.NaN); else BinaryPrimitives.WriteSingleLittleEndian(value, float.NaN); break;
            case ('f', 8): if (big) BinaryPrimitives.WriteDoubleBigEndian(value, double.NaN); else BinaryPrimitives.WriteDoubleLittleEndian(value, double.NaN); break;
            default: value.Fill(0xFF); break;
        }
        return result;
    }

    private static byte[] WithByte(byte[] data, int index, byte value)
    {
        byte[] result = (byte[])data.Clone();
        result[index] = value;
        return result;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
