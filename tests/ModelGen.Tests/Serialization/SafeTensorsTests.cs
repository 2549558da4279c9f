using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ModelGen.IO;
using ModelGen.Serialization;
using ModelGen.Tests.Data;
using ModelGen.Tests.EndToEnd;
using ModelGen.Tests.Infrastructure;
using static ModelGen.Tests.Serialization.NpyFixtures;
using static ModelGen.Tests.Serialization.SafeTensorsFixtures;

namespace ModelGen.Tests.Serialization;

/// <summary>
/// safetensors files as the format's specification lays them out: written by ModelGen and read
/// back, written by hand and by NumPy and loaded, every float dtype read, and the conversion
/// between .npz and safetensors that keeps each array's type. Malformed files are in
/// <see cref="SafeTensorsMalformedTests"/>.
/// </summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_generated_Save_and_Load_write_and_read_safetensors_by_the_extension()
    {
        var saved = WithState(new BatchNormDropoutNet(seed: 1), seed: 5);
        string path = _dir.File("net.safetensors");
        saved.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0, BitConverter.ToInt64(bytes, 0) % 8); // the header length, padded so the data starts aligned
        Assert.Equal((byte)'{', bytes[8]); // then the JSON header: a safetensors file, not an .npz
        var loaded = new BatchNormDropoutNet(seed: 2);
        loaded.Load(path);
        for (int p = 0; p < saved.Parameters.Count; p++) Assert.Equal(saved.Parameters[p].Value, loaded.Parameters[p].Value);
        for (int s = 0; s < saved.State.Count; s++) Assert.Equal(saved.State[s].Read(), loaded.State[s].Read());
    }

    [Fact]
    public void A_network_with_batch_norm_and_dropout_round_trips_every_parameter_and_state()
    {
        var saved = WithState(new BatchNormDropoutNet(seed: 1), seed: 5);
        string path = _dir.File("net.safetensors");
        SafeTensors.Save(saved, path);

        var loaded = new BatchNormDropoutNet(seed: 2);
        Assert.NotEqual(Snapshot(saved), Snapshot(loaded));
        SafeTensors.Load(loaded, path);

        Assert.Equal(Snapshot(saved), Snapshot(loaded));
        Assert.Equal(["running_mean1", "running_var1", "running_mean2", "running_var2", "random"], loaded.State.Select(s => s.Name));
        // The generator's position came back too: both draw the same Dropout masks next.
        var (inputs, _) = RandomBatch.Create(10, BatchNormDropoutNet.InputSize, 10, seed: 9);
        Assert.Equal(saved.Forward(inputs, 10, training: true).ToArray(), loaded.Forward(inputs, 10, training: true).ToArray());
    }

    [Fact]
    public void A_network_with_dropout_round_trips_and_saving_twice_gives_the_same_bytes()
    {
        var saved = WithState(new DropoutNet(seed: 3), seed: 6);
        string first = _dir.File("a.safetensors"), second = _dir.File("b.safetensors");
        SafeTensors.Save(saved, first);
        SafeTensors.Save(saved, second);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));

        var loaded = new DropoutNet(seed: 4);
        SafeTensors.Load(loaded, first);
        Assert.Equal(Snapshot(saved), Snapshot(loaded));
        // Only the file and nothing else: the atomic write leaves no temporary behind.
        Assert.Equal(["a.safetensors", "b.safetensors"], _dir.FileNames());
    }

    [Fact]
    public void A_saved_file_is_laid_out_as_the_format_says()
    {
        var network = WithState(new ForActivationNet(seed: 7), seed: 8);
        string path = _dir.File("layout.safetensors");
        SafeTensors.Save(network, path);
        byte[] file = File.ReadAllBytes(path);

        // 8 bytes of little-endian header length; the header starts with '{', is padded with
        // spaces only, and ends where the data starts, at a multiple of 8.
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, (8 + length) % 8);
        string header = Encoding.UTF8.GetString(file, 8, (int)length);
        Assert.StartsWith("{", header);
        string json = header.TrimEnd(' ');
        Assert.EndsWith("}", json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        var metadata = root.GetProperty("__metadata__");
        Assert.Equal("modelgen", metadata.GetProperty("format").GetString());
        Assert.Equal("ForActivationNet", metadata.GetProperty("network").GetString());

        // Parameters then state, in the network's order, F32, back to back from offset 0, each
        // holding its values little-endian; the last one ends the file.
        var expected = network.Parameters.Select(p => (p.Name, Shape: p.Shape.ToArray(), Values: p.Value))
            .Concat(network.State.Select(s => (s.Name, Shape: s.Shape.ToArray(), Values: s.Read()))).ToList();
        Assert.Equal(["__metadata__", .. expected.Select(e => e.Name)], root.EnumerateObject().Select(p => p.Name));
        long offset = 0;
        int dataStart = 8 + (int)length;
        foreach (var (name, shape, values) in expected)
        {
            var entry = root.GetProperty(name);
            Assert.Equal(["dtype", "shape", "data_offsets"], entry.EnumerateObject().Select(p => p.Name));
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            long begin = entry.GetProperty("data_offsets")[0].GetInt64(), end = entry.GetProperty("data_offsets")[1].GetInt64();
            Assert.Equal(offset, begin);
            Assert.Equal(4L * values.Length, end - begin);
            Assert.Equal(F32(values), file[(dataStart + (int)begin)..(dataStart + (int)end)]);
            offset = end;
        }
        Assert.Equal(dataStart + offset, file.Length);
    }

    [Fact]
    public void Half_weights_are_written_as_F16_and_load_widened()
    {
        var network = new ReluNet(seed: 9);
        string path = _dir.File("half.safetensors");
        SafeTensors.Save(HalfWeights.From(network), path);

        using (var reader = SafeTensorsReader.Open(path))
        {
            Assert.All(reader.Tensors, t => Assert.Equal("F16", t.Dtype));
            Assert.Equal(network.Parameters.Select(p => p.Name), reader.Names);
            Assert.Equal(2L * network.Parameters.Sum(p => p.Size), reader.Tensors.Sum(t => t.End - t.Begin));
        }
        var loaded = new ReluNet(seed: 10);
        SafeTensors.Load(loaded, path);
        for (int p = 0; p < network.Parameters.Count; p++)
            Assert.Equal(network.Parameters[p].Value.Select(v => (float)(Half)v), loaded.Parameters[p].Value);
    }

    [Fact]
    public void A_file_written_by_hand_from_the_specification_loads()
    {
        // ReluNet: W1 (5, 6), b1 (6), W2 (6, 3), b2 (3). The header lists the tensors in another
        // order than their data, has metadata, newlines between members and trailing spaces.
        float[] w1 = [.. Enumerable.Range(0, 30).Select(i => i / 16f)];
        float[] b1 = [1, 2, 3, 4, 5, 6];
        float[] w2 = [.. Enumerable.Range(0, 18).Select(i => -i / 4f)];
        float[] b2 = [0.5f, -0.5f, 0.25f];
        byte[] data = [.. F32(b2), .. F32(w2), .. F32(w1), .. F32(b1)];
        string header =
            "{\"__metadata__\": {\"format\": \"pt\"},\n" +
            "\"W1\": {\"dtype\": \"F32\", \"shape\": [5, 6], \"data_offsets\": [84, 204]},\n" +
            "\"W2\": {\"dtype\": \"F32\", \"shape\": [6, 3], \"data_offsets\": [12, 84]},\n" +
            "\"b1\": {\"shape\": [6], \"dtype\": \"F32\", \"data_offsets\": [204, 228]},\n" +
            "\"b2\": {\"data_offsets\": [0, 12], \"dtype\": \"F32\", \"shape\": [3]}}     ";
        byte[] file = [.. BitConverter.GetBytes((ulong)Encoding.UTF8.GetByteCount(header)), .. Encoding.UTF8.GetBytes(header), .. data];
        Assert.True(BitConverter.IsLittleEndian);
        string path = _dir.File("by-hand.safetensors");
        File.WriteAllBytes(path, file);

        var network = new ReluNet(seed: 1);
        SafeTensors.Load(network, path);

        Assert.Equal(w1, network.W1);
        Assert.Equal(b1, network.b1);
        Assert.Equal(w2, network.W2);
        Assert.Equal(b2, network.b2);
    }

    [Fact]
    public void A_file_written_by_NumPy_loads_with_every_dtype_converted()
    {
        // Fixtures/make_numpy_safetensors.py wrote it with NumPy alone: W1 F32, b1 F16, W2 F64,
        // b2 BF16, and two tensors ReluNet lacks (an I64 scalar and an empty F32 tensor).
        string path = Infrastructure.RepositoryRoot.File("tests", "ModelGen.Tests", "Serialization", "Fixtures", "relunet-numpy.safetensors");
        var network = new ReluNet(seed: 1);
        SafeTensors.Load(network, path);

        Assert.Equal(Enumerable.Range(0, 30).Select(i => (i - 15) / 8f), network.W1);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (i - 2) / 4f), network.b1);
        Assert.Equal(Enumerable.Range(0, 18).Select(i => (float)((i - 9) / 3.0)), network.W2); // F64 rounded to nearest
        Assert.Equal(Enumerable.Range(0, 3).Select(i => (i - 1) / 2f), network.b2);

        using var reader = SafeTensorsReader.Open(path);
        Assert.Equal("np", reader.Metadata["format"]);
        Assert.StartsWith("numpy ", reader.Metadata["writer"], StringComparison.Ordinal);
        Assert.Equal(["F32", "F64", "F16", "BF16", "F32", "I64"], reader.Tensors.Select(t => t.Dtype));
        Assert.Empty(reader.Read("empty", [0, 4]));
        var e = Assert.Throws<InvalidDataFileException>(() => reader.Read("step"));
        Assert.Contains("tensor 'step': its dtype is I64; ModelGen reads F16, BF16, F32 and F64 tensors", e.Message);
    }

    public static TheoryData<string, byte[], float[]> FloatDtypes => new()
    {
        { "F32", F32(1.5f, -0f, float.Epsilon, float.MaxValue), [1.5f, -0f, float.Epsilon, float.MaxValue] },
        // float16: exact, subnormals and the largest finite value included.
        { "F16", F16(0.333251953125f, -2f, 5.9604645e-8f, 65504f), [0.333251953125f, -2f, 5.9604645e-8f, 65504f] },
        // bfloat16: the upper half of a float32, widened exactly.
        { "BF16", BF16(0x3F80, 0xC049, 0x7F7F, 0x0001), [1f, -3.140625f, BitConverter.Int32BitsToSingle(0x7F7F0000), BitConverter.Int32BitsToSingle(0x00010000)] },
        // float64: rounded to the nearest float32, as NumPy's astype(np.float32).
        { "F64", F64(0.1, 1.0 / 3, -1e-50, 16777217), [0.1f, (float)(1.0 / 3), -0f, 16777216f] },
    };

    [Theory]
    [MemberData(nameof(FloatDtypes))]
    public void Every_float_dtype_reads_as_float32(string dtype, byte[] data, float[] expected)
    {
        string path = _dir.File($"{dtype}.safetensors");
        File.WriteAllBytes(path, FileBytes([new Tensor("x", dtype, [2, 2], data)]));
        using var reader = SafeTensorsReader.Open(path);
        Assert.Equal(expected, reader.Read("x", [2, 2]));
        Assert.Equal(dtype, reader.Tensors.Single().Dtype);
    }

    [Fact]
    public void Scalars_empty_tensors_and_a_file_of_no_tensors_are_valid()
    {
        string path = _dir.File("edge.safetensors");
        File.WriteAllBytes(path, FileBytes([new Tensor("none", "F32", [3, 0], []), new Tensor("scalar", "F64", [], F64(2.5)), new Tensor("empty", "BF16", [0], [])]));
        using (var reader = SafeTensorsReader.Open(path))
        {
            Assert.Equal([2.5f], reader.Read("scalar", []));
            Assert.Empty(reader.Read("none"));
            Assert.Empty(reader.Read("empty"));
        }
        File.WriteAllBytes(path, FileBytes("{}", []));
        using (var reader = SafeTensorsReader.Open(path))
        {
            Assert.Empty(reader.Tensors);
            Assert.Empty(reader.Metadata);
        }
    }

    [Fact]
    public void Names_of_any_characters_are_written_readably_and_read_back()
    {
        string[] names = ["layer.0+weight", "γ", "say \"hi\"", "a/b"];
        string npz = _dir.File("names.npz");
        WriteNpz(npz, [.. names.Select((n, i) => (n + ".npy", Npy(Dict("<f4", "(1,)"), Floats(i))))]);
        string path = _dir.File("names.safetensors");
        SafeTensors.FromNpz(npz, path);

        string header = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        Assert.Contains("\"layer.0+weight\"", header);
        Assert.Contains("\"γ\"", header);
        using var reader = SafeTensorsReader.Open(path);
        Assert.Equal(names, reader.Names);
        Assert.Equal([3f], reader.Read("a/b", [1]));
    }

    [Fact]
    public void The_book_weights_convert_to_F64_and_load_as_the_npz_does()
    {
        string npz = Infrastructure.RepositoryRoot.File("samples", "book-weights", "ch08_deep_convnet.npz");
        string path = _dir.File("deep.safetensors");
        var converted = SafeTensors.FromNpz(npz, path);

        Assert.Equal(16, converted.Count);
        Assert.All(converted, c => Assert.Equal(("float64", "F64"), (c.From, c.To)));
        var fromNpz = new DeepConvNet();
        ParameterFile.Load(fromNpz, npz);
        var fromSafeTensors = new DeepConvNet(seed: 3);
        SafeTensors.Load(fromSafeTensors, path);
        for (int p = 0; p < fromNpz.Parameters.Count; p++) Assert.Equal(fromNpz.Parameters[p].Value, fromSafeTensors.Parameters[p].Value);
    }

    [Fact]
    public void Npz_to_safetensors_and_back_keeps_every_float_type_exactly()
    {
        // float16, float32, float64, a big-endian float64 and a Fortran-order float64: each comes
        // back with its own type (in little-endian C order) and its exact values.
        double[] thirds = [.. Enumerable.Range(0, 6).Select(i => i / 3.0)];
        string npz = _dir.File("mixed.npz");
        WriteNpz(npz,
            ("h.npy", Npy(Dict("<f2", "(3,)"), F16(0.5f, -1f, 65504f))),
            ("f.npy", Npy(Dict("<f4", "(2,)"), Floats(0.1f, 3f))),
            ("d.npy", Npy(Dict("<f8", "(2, 3)"), Doubles(false, thirds))),
            ("big.npy", Npy(Dict(">f8", "(6,)"), Doubles(true, thirds))),
            ("fortran.npy", Npy(Dict("<f8", "(2, 3)", fortran: true), Doubles(false, thirds))));
        string path = _dir.File("mixed.safetensors");
        var there = SafeTensors.FromNpz(npz, path);
        Assert.Equal(["F16", "F32", "F64", "F64", "F64"], there.Select(c => c.To));
        Assert.Equal(["float16", "float32", "float64", "float64", "float64"], there.Select(c => c.From));

        string back = _dir.File("back.npz");
        var again = SafeTensors.ToNpz(path, back);
        Assert.Equal(["float16", "float32", "float64", "float64", "float64"], again.Select(c => c.To));
        using var reader = NpzReader.Open(back);
        Assert.Equal(["h", "f", "d", "big", "fortran"], reader.Names);
        Assert.Equal([0.5, -1, 65504], reader.Read<double>("h", [3]).Values);
        Assert.Equal([(double)0.1f, 3], reader.Read<double>("f", [2]).Values);
        Assert.Equal(thirds, reader.Read<double>("d", [2, 3]).Values);
        Assert.Equal(thirds, reader.Read<double>("big", [6]).Values);
        // Fortran order on disk, C order in memory: element (i, j) is thirds[i + 2j].
        Assert.Equal([thirds[0], thirds[2], thirds[4], thirds[1], thirds[3], thirds[5]], reader.Read<double>("fortran", [2, 3]).Values);
        Assert.All(["h", "f", "d", "big", "fortran"], name => Assert.False(reader.Read<double>(name, null).Header.FortranOrder));
    }

    [Fact]
    public void A_BF16_tensor_converts_to_float32_and_metadata_stays_behind()
    {
        string path = _dir.File("bf16.safetensors");
        File.WriteAllBytes(path, FileBytes([new Tensor("w", "BF16", [2], BF16(0x3FC0, 0xBF80))], new() { ["format"] = "pt" }));
        string npz = _dir.File("bf16.npz");
        var converted = SafeTensors.ToNpz(path, npz);
        Assert.Equal(("BF16", "float32"), (converted.Single().From, converted.Single().To));
        var array = Npz.Read(npz)["w"];
        Assert.Equal(NpyType.Float32, array.SourceType);
        Assert.Equal([1.5f, -1f], array.Data);
    }

    [Fact]
    public void Arrays_that_are_not_floats_are_refused_by_the_conversion_and_nothing_is_written()
    {
        string npz = _dir.File("ints.npz");
        WriteNpz(npz, ("w.npy", Npy(Dict("<f4", "(1,)"), Floats(1))), ("labels.npy", Npy(Dict("<i4", "(2,)"), [1, 0, 0, 0, 2, 0, 0, 0])));
        string path = _dir.File("ints.safetensors");
        var e = Assert.Throws<InvalidDataFileException>(() => SafeTensors.FromNpz(npz, path));
        Assert.Equal(npz, e.FilePath);
        Assert.Contains("array 'labels' is int32; only float16, float32 and float64 arrays are converted", e.Message);
        Assert.False(File.Exists(path));

        File.WriteAllBytes(path, FileBytes([new Tensor("w", "F32", [1], F32(1)), new Tensor("step", "I64", [], new byte[8])]));
        string back = _dir.File("back.npz");
        e = Assert.Throws<InvalidDataFileException>(() => SafeTensors.ToNpz(path, back));
        Assert.Contains("tensor 'step' is I64; only F16, BF16, F32 and F64 tensors are converted", e.Message);
        Assert.False(File.Exists(back));
    }
}
