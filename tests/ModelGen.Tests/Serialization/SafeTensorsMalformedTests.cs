using System.Text;
using System.Text.Json.Nodes;
using ModelGen.IO;
using ModelGen.Serialization;
using ModelGen.Tests.Data;
using ModelGen.Tests.EndToEnd;
using ModelGen.Tests.Infrastructure;
using Xunit.Abstractions;
using static ModelGen.Tests.Serialization.SafeTensorsFixtures;

namespace ModelGen.Tests.Serialization;

/// <summary>
/// Every malformed safetensors file is refused with an <see cref="InvalidDataFileException"/>
/// that names the file and the problem, and leaves the network's parameters and state exactly
/// as they were. Each case starts from a valid file of a network with parameters and state
/// (ForActivationNet: W1 (12, 10) ... b4, running_mean1, running_var1, random) and breaks one
/// thing: the length field, the header's bytes, its JSON, a tensor's entry, the layout of the
/// data, or what the network needs.
/// </summary>
public sealed class SafeTensorsMalformedTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ITestOutputHelper _output;
    private readonly List<Tensor> _tensors;
    private readonly Dictionary<string, string> _metadata;

    public SafeTensorsMalformedTests(ITestOutputHelper output)
    {
        _output = output;
        string path = _dir.File("valid.safetensors");
        SafeTensors.Save(WithState(new ForActivationNet(seed: 1), seed: 2), path);
        (_tensors, _metadata) = Parse(File.ReadAllBytes(path));
        Assert.Equal(["W1", "b1", "gamma1", "beta1", "W2", "b2", "W3", "b3", "W4", "b4", "running_mean1", "running_var1", "random"], _tensors.Select(t => t.Name));
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    // The length field.
    [InlineData("empty-file", "it is 0 bytes long, shorter than the 8-byte header length")]
    [InlineData("shorter-than-length-field", "it is 3 bytes long, shorter than the 8-byte header length")]
    [InlineData("length-zero", "its header length is 0 bytes, too short")]
    [InlineData("length-one", "its header length is 1 bytes, too short")]
    [InlineData("length-beyond-file", "bytes that follow it: the file is truncated")]
    [InlineData("length-2^63", "its header length is 9223372036854775808 bytes, more than the")]
    [InlineData("length-u64-max", "its header length is 18446744073709551615 bytes, more than the")]
    [InlineData("length-cuts-the-json", "its header is not valid JSON")]
    [InlineData("length-takes-data", "its header holds more after the JSON object ('a' at byte")]
    [InlineData("length-takes-binary-data", "its header is not valid UTF-8")]
    [InlineData("an-npz-file", "bytes that follow it: the file is truncated, or not a safetensors file")]
    // The header's bytes.
    [InlineData("invalid-utf8", "its header is not valid UTF-8")]
    [InlineData("overlong-utf8", "its header is not valid UTF-8")]
    [InlineData("utf8-encoded-surrogate", "its header is not valid UTF-8")]
    [InlineData("leading-space", "must be a JSON object, which starts with '{', but it starts with the byte 0x20")]
    [InlineData("byte-order-mark", "must be a JSON object, which starts with '{', but it starts with the byte 0xEF")]
    [InlineData("newline-padding", "a header may be padded only with spaces")]
    [InlineData("tab-padding", "a header may be padded only with spaces")]
    [InlineData("nul-padding", "a header may be padded only with spaces")]
    [InlineData("second-object", "a header may be padded only with spaces")]
    // The JSON.
    [InlineData("not-json", "its header is not valid JSON")]
    [InlineData("truncated-json", "its header is not valid JSON")]
    [InlineData("json-comment", "its header is not valid JSON")]
    [InlineData("trailing-comma", "its header is not valid JSON")]
    [InlineData("single-quotes", "its header is not valid JSON")]
    [InlineData("lone-surrogate-escape", "its header is not valid JSON")]
    [InlineData("array-not-object", "must be a JSON object, which starts with '{', but it starts with '['")]
    [InlineData("string-not-object", "must be a JSON object, which starts with '{', but it starts with '\"'")]
    [InlineData("number-not-object", "must be a JSON object, which starts with '{', but it starts with '4'")]
    // A tensor's entry: fields and their types.
    [InlineData("tensor-is-number", "tensor 'W1': it is a number, not an object")]
    [InlineData("tensor-is-null", "tensor 'W1': it is null, not an object")]
    [InlineData("tensor-is-array", "tensor 'W1': it is an array, not an object")]
    [InlineData("missing-dtype", "tensor 'W1': it has no dtype.")]
    [InlineData("missing-shape", "tensor 'W1': it has no shape.")]
    [InlineData("missing-offsets", "tensor 'W1': it has no data_offsets.")]
    [InlineData("missing-everything", "tensor 'W1': it has no dtype and no shape and no data_offsets.")]
    [InlineData("dtype-is-number", "tensor 'W1': its dtype is a number, not a string")]
    [InlineData("dtype-is-null", "tensor 'W1': its dtype is null, not a string")]
    [InlineData("shape-is-string", "tensor 'W1': its shape is a string, not an array")]
    [InlineData("shape-is-object", "tensor 'W1': its shape is an object, not an array")]
    [InlineData("offsets-are-number", "tensor 'W1': its data_offsets are a number, not an array")]
    [InlineData("offsets-empty", "tensor 'W1': its data_offsets hold 0 number(s); they must be two")]
    [InlineData("offsets-one-number", "tensor 'W1': its data_offsets hold 1 number(s); they must be two")]
    [InlineData("offsets-three-numbers", "tensor 'W1': its data_offsets hold more than two numbers")]
    [InlineData("unknown-field", "tensor 'W1': it has the field 'offsets'; a tensor has exactly dtype, shape and data_offsets")]
    [InlineData("duplicate-field", "tensor 'W1': it has the field 'dtype' twice")]
    // Dtypes.
    [InlineData("unknown-dtype", "tensor 'W1': its dtype 'F7' is not a safetensors dtype")]
    [InlineData("lowercase-dtype", "tensor 'W1': its dtype 'f32' is not a safetensors dtype")]
    [InlineData("numpy-dtype", "tensor 'W1': its dtype '<f4' is not a safetensors dtype")]
    [InlineData("empty-dtype", "tensor 'W1': its dtype '' is not a safetensors dtype")]
    [InlineData("integer-dtype-I32", "tensor 'W1': its dtype is I32; ModelGen reads F16, BF16, F32 and F64 tensors")]
    [InlineData("integer-dtype-I64", "tensor 'W1': its dtype is I64; ModelGen reads F16, BF16, F32 and F64 tensors")]
    [InlineData("float8-dtype", "tensor 'W1': its dtype is F8_E4M3; ModelGen reads F16, BF16, F32 and F64 tensors")]
    // Shapes.
    [InlineData("negative-dimension", "tensor 'W1': its shape dimension 0 is -12, not a non-negative integer")]
    [InlineData("fractional-dimension", "tensor 'W1': its shape dimension 0 is 12.5, not a non-negative integer")]
    [InlineData("integral-float-dimension", "tensor 'W1': its shape dimension 0 is 12.0, not a non-negative integer")]
    [InlineData("exponent-dimension", "tensor 'W1': its shape dimension 0 is 1.2e1, not a non-negative integer")]
    [InlineData("string-dimension", "tensor 'W1': its shape dimension 0 is a string, not a non-negative integer")]
    [InlineData("null-dimension", "tensor 'W1': its shape dimension 1 is null, not a non-negative integer")]
    [InlineData("nested-shape", "tensor 'W1': its shape dimension 0 is an array, not a non-negative integer")]
    [InlineData("dimension-beyond-int", "tensor 'W1': its shape dimension 1 is 4294967296, more than the 2147483647")]
    [InlineData("dimension-beyond-u64", "tensor 'W1': its shape dimension 0 is 99999999999999999999999, more than any file can hold")]
    [InlineData("shape-holds-fewer-values", "tensor 'W1': its shape (12, 9) of F32 needs 432 bytes, but its data_offsets [0, 480] hold 480 bytes")]
    [InlineData("shape-holds-more-values", "tensor 'W1': its shape (12, 11) of F32 needs 528 bytes, but its data_offsets [0, 480] hold 480 bytes")]
    [InlineData("dtype-of-other-size", "tensor 'W1': its shape (12, 10) of F16 needs 240 bytes, but its data_offsets [0, 480] hold 480 bytes")]
    [InlineData("huge-shape", "tensor 'W1': its shape (2147483647, 2147483647, 2147483647) of F32 needs more than the")]
    [InlineData("huge-shape-with-a-zero", "tensor 'W1': its shape (2147483647, 0, 2147483647) of F32 needs 0 bytes, but its data_offsets [0, 480] hold 480 bytes")]
    [InlineData("sub-byte-dtype", "tensor 'W1': its shape (3) of F4 needs 12 bits, not a whole number of bytes")]
    // Offsets.
    [InlineData("negative-offset", "tensor 'W1': its data_offsets begin is -1, not a non-negative integer")]
    [InlineData("fractional-offset", "tensor 'W1': its data_offsets end is 480.5, not a non-negative integer")]
    [InlineData("string-offset", "tensor 'W1': its data_offsets begin is a string, not a non-negative integer")]
    [InlineData("offsets-reversed", "tensor 'W1': its data_offsets [480, 0] are reversed")]
    [InlineData("offsets-beyond-data", "tensor 'W1': its data_offsets [0, 4000] reach beyond the")]
    [InlineData("offsets-u64-max", "tensor 'W1': its data_offsets [0, 18446744073709551615] reach beyond the")]
    [InlineData("data-truncated", "tensor 'random': its data_offsets")]
    [InlineData("offsets-overlap", "tensors 'b1' (data_offsets [0, 40]) and 'W1' ([0, 480]) overlap")]
    [InlineData("offsets-overlap-partly", "and 'W2' ([596, 916]) overlap")]
    [InlineData("offsets-the-same", "tensors 'b1' (data_offsets [480, 520]) and 'gamma1' ([480, 520]) overlap")]
    [InlineData("empty-tensor-inside-another", "overlap")]
    [InlineData("hole-at-start", "bytes 0 to 8 of the data buffer belong to no tensor (before the first tensor); the format allows no holes")]
    [InlineData("hole-between-tensors", "bytes 480 to 488 of the data buffer belong to no tensor (between 'W1' and 'b1'); the format allows no holes")]
    [InlineData("trailing-bytes", "the file holds 4 bytes after its tensors' data: the last tensor, 'random', ends at byte 1384 of the 1388-byte data buffer")]
    [InlineData("trailing-bytes-and-no-tensors", "the header lists no tensors, yet 4 bytes of data follow it")]
    // Names and metadata.
    [InlineData("duplicate-tensor", "tensor 'W1' appears twice in its header")]
    [InlineData("duplicate-tensor-escaped", "tensor 'W1' appears twice in its header")]
    [InlineData("metadata-is-string", "its '__metadata__' is a string, not an object of strings")]
    [InlineData("metadata-is-array", "its '__metadata__' is an array, not an object of strings")]
    [InlineData("metadata-number-value", "its '__metadata__' entry 'format' is a number; metadata values must be strings")]
    [InlineData("metadata-null-value", "its '__metadata__' entry 'format' is null; metadata values must be strings")]
    [InlineData("metadata-nested-object", "its '__metadata__' entry 'format' is an object; metadata values must be strings")]
    [InlineData("metadata-twice", "its header has two '__metadata__' members")]
    [InlineData("metadata-key-twice", "its '__metadata__' has the key 'format' twice")]
    // A valid file that does not fit the network.
    [InlineData("tensor-missing", "it has no array named W2 (it holds")]
    [InlineData("no-tensors", "it has no array named W1, b1, gamma1, beta1, W2, b2, W3, b3, W4, b4 (it holds )")]
    [InlineData("shape-differs", "tensor 'W1': its shape is (10, 12), not the expected (12, 10)")]
    [InlineData("rank-differs", "tensor 'b1': its shape is (1, 10), not the expected (10)")]
    [InlineData("state-shape-differs", "tensor 'running_var1': its shape is (2, 5), not the expected (10)")]
    [InlineData("nan-parameter", "array W2 holds a value that is not finite")]
    [InlineData("infinite-parameter", "array b4 holds a value that is not finite")]
    [InlineData("F64-beyond-float32", "array W1 holds a value that is not finite")]
    [InlineData("nan-state", "state running_var1 is not valid: it holds a value that is not finite")]
    [InlineData("not-a-generator-state", "state random is not valid: a generator state holds whole numbers from 0 to 65535 only")]
    public void A_malformed_file_is_refused_by_name_and_the_network_is_unchanged(string malformation, string problem)
    {
        string path = _dir.File(malformation + ".safetensors");
        File.WriteAllBytes(path, Malformed(malformation));
        var network = WithState(new ForActivationNet(seed: 3), seed: 4);
        byte[] before = Snapshot(network);

        var e = Assert.Throws<InvalidDataFileException>(() => SafeTensors.Load(network, path));
        _output.WriteLine(e.Problem);

        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Contains(problem, StringComparison.Ordinal), e.Message);
        Assert.Equal(before, Snapshot(network));
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 40)]
    public void A_huge_header_length_is_refused_without_allocating_it(ulong claimed)
    {
        string path = _dir.File("long.safetensors");
        var (header, data) = Layout(_tensors, _metadata);
        File.WriteAllBytes(path, FileBytes(header.ToJsonString(), data, claimed));
        var (e, allocated) = FailsAndAllocates(path, new ForActivationNet(seed: 1));
        Assert.Contains($"its header length is {claimed} bytes", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to refuse the file");
    }

    [Fact]
    public void A_header_longer_than_the_cap_is_refused_before_it_is_read()
    {
        // A sparse file longer than the cap, so that only the cap refuses the length.
        string path = _dir.File("over-cap.safetensors");
        using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.Write(BitConverter.GetBytes((ulong)100_000_001));
            file.SetLength(8 + 100_000_001 + 16);
        }
        var (e, allocated) = FailsAndAllocates(path, new ForActivationNet(seed: 1));
        Assert.Contains("its header length is 100000001 bytes, more than the 100000000 a header may have", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to refuse the file");
    }

    [Fact]
    public void A_huge_shape_is_refused_from_the_header_without_allocating_it()
    {
        // Three claims of 2^93 bytes; then a claim the file backs: W1 of 100,000,000 values in a
        // sparse file of 400 MB, which the network's W1 (12, 10) refuses from the header.
        string path = _dir.File("huge.safetensors");
        File.WriteAllBytes(path, Malformed("huge-shape"));
        var (e, allocated) = FailsAndAllocates(path, new ForActivationNet(seed: 1));
        Assert.Contains("needs more than the", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to refuse the file");

        var w1 = new Tensor("W1", "F32", [10_000, 10_000], []);
        var (header, data) = Layout([.. _tensors.Skip(1), w1], _metadata);
        long w1Begin = data.Length, w1End = w1Begin + (4L * 100_000_000);
        header["W1"]!["data_offsets"] = new JsonArray(w1Begin, w1End);
        byte[] head = FileBytes(header.ToJsonString(), data);
        using (var file = new FileStream(path, FileMode.Create))
        {
            file.Write(head);
            file.SetLength(head.Length + (4L * 100_000_000));
        }
        (e, allocated) = FailsAndAllocates(path, new ForActivationNet(seed: 1));
        Assert.Contains("tensor 'W1': its shape is (10000, 10000), not the expected (12, 10)", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to refuse a 400 MB tensor the network cannot hold");
    }

    private static (InvalidDataFileException Error, long Allocated) FailsAndAllocates(string path, INetwork network)
    {
        byte[] before = Snapshot(network);
        var (e, allocated) = LoadFailure.Measure(path, () => SafeTensors.Load(network, path));
        Assert.Equal(before, Snapshot(network));
        return (e, allocated);
    }

    /// <summary>The valid file with one thing broken, as the case's name says.</summary>
    private byte[] Malformed(string malformation)
    {
        var (header, data) = Layout(_tensors, _metadata);
        string text = header.ToJsonString();
        byte[] textBytes = Encoding.UTF8.GetBytes(text);
        JsonNode w1 = header["W1"]!;
        long dataLength = data.Length;

        byte[] Edited(Action edit)
        {
            edit();
            return FileBytes(header.ToJsonString(), data);
        }
        byte[] Text(string header) => FileBytes(header, data);
        byte[] Replaced(string from, string to)
        {
            Assert.Contains(from, text);
            int at = text.IndexOf(from, StringComparison.Ordinal);
            return Text(text[..at] + to + text[(at + from.Length)..]);
        }
        byte[] Bytes(int at, params byte[] bytes)
        {
            byte[] copy = [.. textBytes];
            bytes.CopyTo(copy, at);
            return FileBytes(copy, data);
        }
        byte[] Rebuilt(Func<Tensor, Tensor?> change) => FileBytes(_tensors.Select(change).OfType<Tensor>(), _metadata);
        // Moves every tensor whose data starts at or after `from` by `by` bytes, inserting them.
        byte[] Shifted(long from, int by)
        {
            foreach (var (_, node) in header)
            {
                if (node?["data_offsets"] is JsonArray offsets && offsets[0]!.GetValue<long>() >= from)
                    node["data_offsets"] = new JsonArray(offsets[0]!.GetValue<long>() + by, offsets[1]!.GetValue<long>() + by);
            }
            return FileBytes(header.ToJsonString(), [.. data[..(int)from], .. new byte[by], .. data[(int)from..]]);
        }
        int metadataValue = text.IndexOf("modelgen", StringComparison.Ordinal) + 8; // inside the header's bytes (ASCII so far)

        return malformation switch
        {
            "empty-file" => [],
            "shorter-than-length-field" => [1, 2, 3],
            "length-zero" => FileBytes(textBytes, data, 0),
            "length-one" => FileBytes(textBytes, data, 1),
            "length-beyond-file" => FileBytes(textBytes, data, (ulong)(textBytes.Length + data.Length + 1)),
            "length-2^63" => FileBytes(textBytes, data, 1UL << 63),
            "length-u64-max" => FileBytes(textBytes, data, ulong.MaxValue),
            "length-cuts-the-json" => FileBytes(textBytes, data, (ulong)textBytes.Length - 10),
            "length-takes-data" => FileBytes(textBytes, [.. "abcd"u8, .. data[4..]], (ulong)textBytes.Length + 4),
            "length-takes-binary-data" => FileBytes(textBytes, [0xD7, 0xFF, 0x80, 0x80, .. data[4..]], (ulong)textBytes.Length + 4),
            "an-npz-file" => File.ReadAllBytes(RepositoryRoot.File("samples", "book-weights", "ch07_simple_convnet.npz")),

            "invalid-utf8" => Bytes(metadataValue - 3, 0xFF),
            "overlong-utf8" => Bytes(metadataValue - 3, 0xC0, 0xAF),
            "utf8-encoded-surrogate" => Bytes(metadataValue - 3, 0xED, 0xA0, 0x80),
            "leading-space" => Text(" " + text),
            "byte-order-mark" => Text("\uFEFF" + text),
            "newline-padding" => Text(text + "\n"),
            "tab-padding" => Text(text + "\t   "),
            "nul-padding" => Text(text + "\0\0\0\0"),
            "second-object" => Text(text + "{}"),

            "not-json" => Text("{this is not JSON}"),
            "truncated-json" => Text(text[..^1] + "  "),
            "json-comment" => Text("{/* weights */" + text[1..]),
            "trailing-comma" => Text(text[..^1] + ",}"),
            "single-quotes" => Replaced("\"format\"", "'format'"),
            "lone-surrogate-escape" => Replaced("\"W1\"", "\"\\ud800\""),
            "array-not-object" => Text("[1, 2, 3]"),
            "string-not-object" => Text("\"W1\""),
            "number-not-object" => Text("42"),

            "tensor-is-number" => Edited(() => header["W1"] = 5),
            "tensor-is-null" => Edited(() => header["W1"] = null),
            "tensor-is-array" => Edited(() => header["W1"] = new JsonArray(1, 2)),
            "missing-dtype" => Edited(() => w1.AsObject().Remove("dtype")),
            "missing-shape" => Edited(() => w1.AsObject().Remove("shape")),
            "missing-offsets" => Edited(() => w1.AsObject().Remove("data_offsets")),
            "missing-everything" => Edited(() => header["W1"] = new JsonObject()),
            "dtype-is-number" => Edited(() => w1["dtype"] = 32),
            "dtype-is-null" => Edited(() => w1["dtype"] = null),
            "shape-is-string" => Edited(() => w1["shape"] = "12,10"),
            "shape-is-object" => Edited(() => w1["shape"] = new JsonObject { ["rows"] = 12 }),
            "offsets-are-number" => Edited(() => w1["data_offsets"] = 0),
            "offsets-empty" => Edited(() => w1["data_offsets"] = new JsonArray()),
            "offsets-one-number" => Edited(() => w1["data_offsets"] = new JsonArray(0)),
            "offsets-three-numbers" => Edited(() => w1["data_offsets"] = new JsonArray(0, 480, 480)),
            "unknown-field" => Edited(() => w1["offsets"] = new JsonArray(0, 480)),
            "duplicate-field" => Replaced("\"W1\":{\"dtype\":\"F32\",", "\"W1\":{\"dtype\":\"F32\",\"dtype\":\"F32\","),

            "unknown-dtype" => Edited(() => w1["dtype"] = "F7"),
            "lowercase-dtype" => Edited(() => w1["dtype"] = "f32"),
            "numpy-dtype" => Edited(() => w1["dtype"] = "<f4"),
            "empty-dtype" => Edited(() => w1["dtype"] = ""),
            "integer-dtype-I32" => Edited(() => w1["dtype"] = "I32"),
            "integer-dtype-I64" => Rebuilt(t => t.Name == "W1" ? t with { Dtype = "I64", Data = new byte[8 * 120] } : t),
            "float8-dtype" => Rebuilt(t => t.Name == "W1" ? t with { Dtype = "F8_E4M3", Data = new byte[120] } : t),

            "negative-dimension" => Edited(() => w1["shape"] = new JsonArray(-12, 10)),
            "fractional-dimension" => Edited(() => w1["shape"] = new JsonArray(12.5, 10)),
            "integral-float-dimension" => Replaced("\"shape\":[12,10]", "\"shape\":[12.0,10]"),
            "exponent-dimension" => Replaced("\"shape\":[12,10]", "\"shape\":[1.2e1,10]"),
            "string-dimension" => Edited(() => w1["shape"] = new JsonArray("12", 10)),
            "null-dimension" => Edited(() => w1["shape"] = new JsonArray(12, null)),
            "nested-shape" => Edited(() => w1["shape"] = new JsonArray(new JsonArray(12, 10))),
            "dimension-beyond-int" => Edited(() => w1["shape"] = new JsonArray(12, 4294967296L)),
            "dimension-beyond-u64" => Replaced("\"shape\":[12,10]", "\"shape\":[99999999999999999999999,10]"),
            "shape-holds-fewer-values" => Edited(() => w1["shape"] = new JsonArray(12, 9)),
            "shape-holds-more-values" => Edited(() => w1["shape"] = new JsonArray(12, 11)),
            "dtype-of-other-size" => Edited(() => w1["dtype"] = "F16"),
            "huge-shape" => Edited(() => w1["shape"] = new JsonArray(int.MaxValue, int.MaxValue, int.MaxValue)),
            "huge-shape-with-a-zero" => Edited(() => w1["shape"] = new JsonArray(int.MaxValue, 0, int.MaxValue)),
            "sub-byte-dtype" => Edited(() => { w1["dtype"] = "F4"; w1["shape"] = new JsonArray(3); }),

            "negative-offset" => Edited(() => w1["data_offsets"] = new JsonArray(-1, 480)),
            "fractional-offset" => Edited(() => w1["data_offsets"] = new JsonArray(0, 480.5)),
            "string-offset" => Edited(() => w1["data_offsets"] = new JsonArray("0", 480)),
            "offsets-reversed" => Edited(() => w1["data_offsets"] = new JsonArray(480, 0)),
            "offsets-beyond-data" => Edited(() => w1["data_offsets"] = new JsonArray(0, 4000)),
            "offsets-u64-max" => Replaced("\"data_offsets\":[0,480]", "\"data_offsets\":[0,18446744073709551615]"),
            "data-truncated" => FileBytes(textBytes, data[..^4]),
            "offsets-overlap" => Edited(() => header["b1"]!["data_offsets"] = new JsonArray(0, 40)),
            "offsets-overlap-partly" => Edited(() => header["W2"]!["data_offsets"] = new JsonArray(596, 916)),
            "offsets-the-same" => Edited(() => header["gamma1"]!["data_offsets"] = new JsonArray(480, 520)),
            "empty-tensor-inside-another" => Edited(() => header["empty"] = new JsonObject { ["dtype"] = "F32", ["shape"] = new JsonArray(0), ["data_offsets"] = new JsonArray(8, 8) }),
            "hole-at-start" => Shifted(0, 8),
            "hole-between-tensors" => Shifted(480, 8),
            "trailing-bytes" => FileBytes(textBytes, [.. data, 1, 2, 3, 4]),
            "trailing-bytes-and-no-tensors" => FileBytes("{}", [1, 2, 3, 4]),

            "duplicate-tensor" => Text(text[..^1] + ",\"W1\":" + w1.ToJsonString() + "}"),
            "duplicate-tensor-escaped" => Text(text[..^1] + ",\"W\\u0031\":" + w1.ToJsonString() + "}"),
            "metadata-is-string" => Edited(() => header["__metadata__"] = "modelgen"),
            "metadata-is-array" => Edited(() => header["__metadata__"] = new JsonArray("modelgen")),
            "metadata-number-value" => Edited(() => header["__metadata__"]!["format"] = 1),
            "metadata-null-value" => Edited(() => header["__metadata__"]!["format"] = null),
            "metadata-nested-object" => Edited(() => header["__metadata__"]!["format"] = new JsonObject { ["name"] = "modelgen" }),
            "metadata-twice" => Text(text[..^1] + ",\"__metadata__\":{}}"),
            "metadata-key-twice" => Replaced("\"format\":\"modelgen\"", "\"format\":\"modelgen\",\"format\":\"pt\""),

            "tensor-missing" => Rebuilt(t => t.Name == "W2" ? null : t),
            "no-tensors" => FileBytes("{}", []),
            "shape-differs" => Edited(() => w1["shape"] = new JsonArray(10, 12)),
            "rank-differs" => Edited(() => header["b1"]!["shape"] = new JsonArray(1, 10)),
            "state-shape-differs" => Edited(() => header["running_var1"]!["shape"] = new JsonArray(2, 5)),
            "nan-parameter" => Rebuilt(t => t.Name == "W2" ? t with { Data = [.. F32(float.NaN), .. t.Data[4..]] } : t),
            "infinite-parameter" => Rebuilt(t => t.Name == "b4" ? t with { Data = [.. t.Data[..^4], .. F32(float.PositiveInfinity)] } : t),
            "F64-beyond-float32" => Rebuilt(t => t.Name == "W1" ? t with { Dtype = "F64", Data = F64([1e300, .. Enumerable.Repeat(0.5, 119)]) } : t),
            "nan-state" => Rebuilt(t => t.Name == "running_var1" ? t with { Data = [.. F32(float.NaN), .. t.Data[4..]] } : t),
            "not-a-generator-state" => Rebuilt(t => t.Name == "random" ? t with { Data = [.. F32(1.5f), .. t.Data[4..]] } : t),
            _ => throw new ArgumentException($"No malformation '{malformation}'.", nameof(malformation)),
        };
    }
}
