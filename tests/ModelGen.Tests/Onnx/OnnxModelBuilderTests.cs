using ModelGen.Onnx;
using ModelGen.Tests.EndToEnd;

namespace ModelGen.Tests.Onnx;

/// <summary>The runtime's ONNX builder and its protobuf writer, apart from any generated network.</summary>
public sealed class OnnxModelBuilderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-onnx-builder-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The encoding's own examples (the protobuf encoding guide): field 1 = 150 is 08 96 01, field
    // 2 = "testing" is 12 07 74 65 73 74 69 6e 67; a negative varint takes ten bytes.
    [Fact]
    public void The_wire_format_is_the_protobuf_encoding()
    {
        var w = new ProtoWriter();
        w.Int64(1, 150);
        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, w.ToArray());

        w = new ProtoWriter();
        w.String(2, "testing");
        Assert.Equal(new byte[] { 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67 }, w.ToArray());

        w = new ProtoWriter();
        w.Int64(3, -1);
        Assert.Equal(new byte[] { 0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, w.ToArray());

        w = new ProtoWriter();
        w.Float(2, 1f); // wire type 5: four little-endian bytes
        Assert.Equal(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3f }, w.ToArray());

        w = new ProtoWriter();
        w.Message(3, inner => inner.Int64(1, 150)); // the guide's embedded-message example: 1a 03 08 96 01
        Assert.Equal(new byte[] { 0x1a, 0x03, 0x08, 0x96, 0x01 }, w.ToArray());

        w = new ProtoWriter();
        w.Int64(20, 7); // a field number above 15 takes a two-byte tag
        Assert.Equal(new byte[] { 0xa0, 0x01, 0x07 }, w.ToArray());
    }

    [Fact]
    public void Nodes_must_read_tensors_that_exist_and_write_new_ones()
    {
        var builder = new OnnxModelBuilder(new ReluNet(), "ReluNet");
        var unknown = Assert.Throws<ArgumentException>(() => builder.Node("Relu", "y", ["nothing"]));
        Assert.Contains("nothing", unknown.Message, StringComparison.Ordinal);
        builder.Node("Relu", "y", [builder.Input]);
        Assert.Throws<ArgumentException>(() => builder.Node("Relu", "y", [builder.Input]));
        Assert.Throws<ArgumentException>(() => builder.Parameter("W9"));
        Assert.Throws<ArgumentException>(() => builder.State("running_mean1"));
        Assert.Equal("W1", builder.Parameter("W1"));
        Assert.Equal("W1", builder.Parameter("W1")); // once only
        Assert.Throws<ArgumentException>(() => builder.Node("Relu", "W1", [builder.Input]));
    }

    [Fact]
    public void The_last_tensor_becomes_the_output_and_the_input_alone_passes_through_an_identity()
    {
        var builder = new OnnxModelBuilder(new ReluNet(), "ReluNet");
        string x = builder.Node("Relu", "Relu1", [builder.Input]);
        x = builder.Node("Sigmoid", "Sigmoid1", [x]);
        var graph = builder.Build(x);
        Assert.Equal(["Relu1"], graph.Nodes[1].Inputs);
        Assert.Equal(["output"], graph.Nodes[1].Outputs);

        var passThrough = new OnnxModelBuilder(new ReluNet(), "ReluNet").Build("input");
        var identity = Assert.Single(passThrough.Nodes);
        Assert.Equal("Identity", identity.OpType);
        Assert.Equal(["input"], identity.Inputs);
        Assert.Equal(["output"], identity.Outputs);
    }

    [Fact]
    public void A_graph_that_only_passes_its_input_through_runs()
    {
        // The graph declares (N, InputShape) -> (N, OutputSize), so a pass-through needs a
        // network whose input and output sizes agree.
        var network = new OnnxSameSizeNet();
        string path = Path.Combine(_folder, "identity.onnx");
        new OnnxModelBuilder(network, "Identity").Save(path, "input");
        using var model = new OnnxRuntimeModel(path, network.InputShape);
        float[] inputs = [1, -2, 3, 0.5f, 7, 8];
        Assert.Equal(inputs, model.Run(inputs, 2));
    }
}

/// <summary>Three inputs and three outputs, so that a pass-through graph's declared shapes are right.</summary>
[Network(Input = [3], Batch = 2)]
[Dense(3), SoftmaxCrossEntropy]
public partial class OnnxSameSizeNet;
