using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Serialization;

/// <summary>
/// Builds safetensors files byte by byte, as the format lays them out, without ModelGen's
/// writer: 8 bytes of little-endian u64 header length, the header's UTF-8 JSON, then the data.
/// </summary>
public static class SafeTensorsFixtures
{
    /// <summary>One tensor as a file holds it: name, dtype, shape and its data's bytes.</summary>
    public sealed record Tensor(string Name, string Dtype, int[] Shape, byte[] Data);

    /// <summary>A file from a header's bytes and the data; the length field is the header's length unless <paramref name="declaredLength"/> is given.</summary>
    public static byte[] FileBytes(byte[] header, byte[] data, ulong? declaredLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>A file from header text (UTF-8) and the data.</summary>
    public static byte[] FileBytes(string header, byte[] data, ulong? declaredLength = null) => FileBytes(Encoding.UTF8.GetBytes(header), data, declaredLength);

    /// <summary>
    /// A file holding <paramref name="tensors"/>: their data back to back in the order given, the
    /// header listing them in that order with their offsets, after the metadata if any.
    /// </summary>
    public static byte[] FileBytes(IEnumerable<Tensor> tensors, Dictionary<string, string>? metadata = null)
    {
        var (header, data) = Layout(tensors, metadata);
        return FileBytes(header.ToJsonString(), data);
    }

    /// <summary>The header (as a JSON object to edit) and data for <paramref name="tensors"/>, laid out as <see cref="FileBytes(IEnumerable{Tensor}, Dictionary{string, string}?)"/> does.</summary>
    public static (JsonObject Header, byte[] Data) Layout(IEnumerable<Tensor> tensors, Dictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is not null)
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata) meta[key] = value;
            header["__metadata__"] = meta;
        }
        var data = new List<byte>();
        foreach (var tensor in tensors)
        {
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = tensor.Dtype,
                ["shape"] = new JsonArray([.. tensor.Shape.Select(d => (JsonNode)d)]),
                ["data_offsets"] = new JsonArray((long)data.Count, (long)(data.Count + tensor.Data.Length)),
            };
            data.AddRange(tensor.Data);
        }
        return (header, [.. data]);
    }

    /// <summary>
    /// Splits a file into its tensors, in the order of their data, read with nothing but the
    /// format's rules (and System.Text.Json for the header): the test's own reader.
    /// </summary>
    public static (List<Tensor> Tensors, Dictionary<string, string> Metadata) Parse(byte[] file)
    {
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, (int)length))!.AsObject();
        int start = 8 + (int)length;
        var metadata = new Dictionary<string, string>();
        var tensors = new List<(long Begin, Tensor Tensor)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node!.AsObject()) metadata[key] = value!.GetValue<string>();
                continue;
            }
            var offsets = node!["data_offsets"]!.AsArray();
            long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
            tensors.Add((begin, new Tensor(name, node["dtype"]!.GetValue<string>(), shape, file[(start + (int)begin)..(start + (int)end)])));
        }
        return ([.. tensors.OrderBy(t => t.Begin).Select(t => t.Tensor)], metadata);
    }

    public static byte[] F32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static byte[] F16(params float[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
        return bytes;
    }

    public static byte[] F64(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    /// <summary>bfloat16 bit patterns (the upper half of a float32), little-endian.</summary>
    public static byte[] BF16(params ushort[] bits)
    {
        var bytes = new byte[bits.Length * 2];
        for (int i = 0; i < bits.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), bits[i]);
        return bytes;
    }

    /// <summary>A network whose state differs from a fresh one's: running statistics set, the generator moved.</summary>
    public static T WithState<T>(T network, int seed)
        where T : INetwork
    {
        var random = new Rng(seed);
        foreach (var tensor in network.State.Where(s => s.Name != "random"))
        {
            var values = new float[tensor.Size];
            for (int i = 0; i < values.Length; i++) values[i] = 0.5f + random.NextFloat();
            tensor.Write(values);
        }
        var (inputs, _) = RandomBatch.Create(network.BatchSize, network.InputSize, 2, seed);
        network.Forward(inputs, network.BatchSize, training: true); // draws Dropout masks: moves the generator
        return network;
    }

    /// <summary>Every parameter's and every state tensor's values, as bytes: equal snapshots mean an untouched network.</summary>
    public static byte[] Snapshot(INetwork network)
    {
        var bytes = new List<byte>();
        foreach (var p in network.Parameters) bytes.AddRange(F32(p.Value));
        foreach (var s in network.State) bytes.AddRange(F32(s.Read()));
        return [.. bytes];
    }
}
