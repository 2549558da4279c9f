using System.Buffers.Binary;
using ModelGen.Serialization;
using ModelGen.Tests.Data;
using static ModelGen.Tests.Serialization.NpyFixtures;

namespace ModelGen.Tests.Serialization;

/// <summary>Reading what NumPy writes: each dtype, byte order, layout and header version.</summary>
public class NpzReadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private NpyArray ReadOne(byte[] npy, bool deflate = false)
    {
        string path = _dir.File("one.npz");
        WriteNpz(path, deflate, ("x.npy", npy));
        return Assert.Single(Npz.Read(path)).Value;
    }

    [Fact]
    public void Reads_float64_converted_to_float32()
    {
        var a = ReadOne(Npy(Dict("<f8", "(2,)"), Doubles(false, 0.1, -1e300)));
        Assert.Equal(NpyType.Float64, a.SourceType);
        Assert.Equal([(float)0.1, float.NegativeInfinity], a.Data);
    }

    [Fact]
    public void Reads_big_endian_float64()
    {
        var a = ReadOne(Npy(Dict(">f8", "(2,)"), Doubles(true, 1.5, -2)));
        Assert.Equal([1.5f, -2f], a.Data);
    }

    [Fact]
    public void Reads_float16()
    {
        var a = ReadOne(Npy(Dict("<f2", "(2,)"), [0x00, 0x38, 0x00, 0xC0])); // 0.5, -2
        Assert.Equal(NpyType.Float16, a.SourceType);
        Assert.Equal([0.5f, -2f], a.Data);
    }

    [Fact]
    public void Reads_int32_and_int64()
    {
        var i4 = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(i4, -7);
        BinaryPrimitives.WriteInt32LittleEndian(i4.AsSpan(4), 123456);
        var a = ReadOne(Npy(Dict("<i4", "(2,)"), i4));
        Assert.Equal(NpyType.Int32, a.SourceType);
        Assert.Equal([-7f, 123456f], a.Data);

        var i8 = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(i8, -3);
        BinaryPrimitives.WriteInt64LittleEndian(i8.AsSpan(8), 1L << 40);
        var b = ReadOne(Npy(Dict("<i8", "(2,)"), i8));
        Assert.Equal(NpyType.Int64, b.SourceType);
        Assert.Equal([-3f, (float)(1L << 40)], b.Data);
    }

    [Fact]
    public void Reads_uint8_and_bool()
    {
        var u1 = ReadOne(Npy(Dict("|u1", "(3,)"), [0, 128, 255]));
        Assert.Equal(NpyType.UInt8, u1.SourceType);
        Assert.Equal([0f, 128f, 255f], u1.Data);

        var b1 = ReadOne(Npy(Dict("|b1", "(2,)"), [1, 0]));
        Assert.Equal(NpyType.Bool, b1.SourceType);
        Assert.Equal([1f, 0f], b1.Data);
    }

    [Fact]
    public void Reads_scalar()
    {
        var a = ReadOne(Npy(Dict("<f4", "()"), Floats(2.5f)));
        Assert.Empty(a.Shape);
        Assert.Equal([2.5f], a.Data);
    }

    [Fact]
    public void Reads_empty_array()
    {
        var a = ReadOne(Npy(Dict("<f4", "(0, 3)"), []));
        Assert.Equal([0, 3], a.Shape);
        Assert.Empty(a.Data);
    }

    [Fact]
    public void Transposes_fortran_order_matrix_to_c_order()
    {
        // [[0, 1, 2], [3, 4, 5]] stored column by column.
        var a = ReadOne(Npy(Dict("<f4", "(2, 3)", fortran: true), Floats(0, 3, 1, 4, 2, 5)));
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal([0f, 1, 2, 3, 4, 5], a.Data);
    }

    [Fact]
    public void Transposes_fortran_order_3d_to_c_order()
    {
        // np.asfortranarray(np.arange(24.).reshape(2, 3, 4)): element (i, j, k) at i + 2j + 6k.
        var fortran = new double[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    fortran[i + (2 * j) + (6 * k)] = (i * 12) + (j * 4) + k;
        var a = ReadOne(Npy(Dict("<f8", "(2, 3, 4)", fortran: true), Doubles(false, fortran)));
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (float)i), a.Data);
    }

    [Fact]
    public void Fortran_order_vector_needs_no_change()
    {
        var a = ReadOne(Npy(Dict("<f4", "(3,)", fortran: true), Floats(1, 2, 3)));
        Assert.Equal([1f, 2, 3], a.Data);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_header_versions_2_and_3(byte major)
    {
        var a = ReadOne(Npy(Dict("<f4", "(2,)"), Floats(1, 2), major));
        Assert.Equal([1f, 2f], a.Data);
    }

    [Fact]
    public void Reads_python2_long_suffix_and_key_order()
    {
        var a = ReadOne(Npy("{'shape': (1L, 2L), 'fortran_order': False, 'descr': '<f4'}", Floats(1, 2)));
        Assert.Equal([1, 2], a.Shape);
    }

    [Fact]
    public void Reads_deflated_entries()
    {
        var a = ReadOne(Npy(Dict("<f4", "(1000,)"), Floats(new float[1000])), deflate: true);
        Assert.Equal(1000, a.Data.Length);
    }

    [Fact]
    public void Names_drop_the_npy_extension()
    {
        string path = _dir.File("two.npz");
        WriteNpz(path, ("W1.npy", Npy(Dict("<f4", "(1,)"), Floats(1))), ("layer/b1.npy", Npy(Dict("<f4", "(1,)"), Floats(2))));
        var read = Npz.Read(path);
        Assert.Equal(["W1", "layer/b1"], read.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reads_the_book_weights()
    {
        string folder = Path.Combine(RepositoryRoot(), "samples", "book-weights");

        var ch03 = Npz.Read(Path.Combine(folder, "ch03_sample_weight.npz"));
        AssertShapes(ch03, NpyType.Float32, ("W1", new[] { 784, 50 }), ("b1", new[] { 50 }), ("W2", new[] { 50, 100 }), ("b2", new[] { 100 }), ("W3", new[] { 100, 10 }), ("b3", new[] { 10 }));
        AssertEnds(ch03["W1"], 0xbbf2e477, 0xbd24b4ca);
        AssertEnds(ch03["b3"], 0xbd76be0f, 0x3d5a0b5e);

        var ch07 = Npz.Read(Path.Combine(folder, "ch07_simple_convnet.npz"));
        AssertShapes(ch07, NpyType.Float64, ("W1", new[] { 30, 1, 5, 5 }), ("b1", new[] { 30 }), ("W2", new[] { 4320, 100 }), ("b2", new[] { 100 }), ("W3", new[] { 100, 10 }), ("b3", new[] { 10 }));
        AssertEnds(ch07["W1"], 0x3c97a789, 0x3d207584);
        AssertEnds(ch07["b3"], 0x3d3fda2c, 0x3c5ac911);

        var ch08 = Npz.Read(Path.Combine(folder, "ch08_deep_convnet.npz"));
        AssertShapes(ch08, NpyType.Float64,
            ("W1", new[] { 16, 1, 3, 3 }), ("b1", new[] { 16 }), ("W2", new[] { 16, 16, 3, 3 }), ("b2", new[] { 16 }),
            ("W3", new[] { 32, 16, 3, 3 }), ("b3", new[] { 32 }), ("W4", new[] { 32, 32, 3, 3 }), ("b4", new[] { 32 }),
            ("W5", new[] { 64, 32, 3, 3 }), ("b5", new[] { 64 }), ("W6", new[] { 64, 64, 3, 3 }), ("b6", new[] { 64 }),
            ("W7", new[] { 1024, 50 }), ("b7", new[] { 50 }), ("W8", new[] { 50, 10 }), ("b8", new[] { 10 }));
        AssertEnds(ch08["W8"], 0xbef0d944, 0xbe3ab1d1);
        AssertEnds(ch08["b8"], 0x3ef9130d, 0x3f0bab30);
    }

    private static void AssertShapes(IReadOnlyDictionary<string, NpyArray> arrays, NpyType type, params (string Name, int[] Shape)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), arrays.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, shape) in expected)
        {
            Assert.Equal(shape, arrays[name].Shape);
            Assert.Equal(type, arrays[name].SourceType);
        }
    }

    /// <summary>First and last values, as the bits of NumPy's float32 conversion of them.</summary>
    private static void AssertEnds(NpyArray array, uint first, uint last)
    {
        Assert.Equal(first, BitConverter.SingleToUInt32Bits(array.Data[0]));
        Assert.Equal(last, BitConverter.SingleToUInt32Bits(array.Data[^1]));
    }
}
