using System.Buffers.Binary;

namespace ModelGen.Onnx;

/// <summary>
/// Serialises an <see cref="OnnxGraph"/> as an ONNX ModelProto. The field numbers are those of
/// onnx.proto (ONNX's schema, stable since IR version 3); each method writes one message type.
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>
    /// IR version 7 (ONNX 1.7 and 1.8) is the one that goes with opset 13: the oldest that can
    /// describe these models, so the widest range of runtimes reads them. From IR version 4 on,
    /// initializers need not be listed as graph inputs, and these are not: they are constants,
    /// not values a caller may override.
    /// </summary>
    public const long IrVersion = 7;

    /// <summary>TensorProto.DataType FLOAT: every tensor here is float32.</summary>
    private const int Float32 = 1;

    /// <summary>The model file's bytes.</summary>
    public static byte[] Write(OnnxGraph graph, int opset, string producerVersion)
    {
        var model = new ProtoWriter();
        model.Int64(1, IrVersion);                          // ir_version
        model.String(2, "ModelGen");                        // producer_name
        model.String(3, producerVersion);                   // producer_version
        model.Message(7, g => Graph(g, graph));             // graph
        model.Message(8, o => o.Int64(2, opset));           // opset_import: the default domain (field 1 left out), this version
        return model.ToArray();
    }

    private static void Graph(ProtoWriter w, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes) w.Message(1, n => Node(n, node));                     // node
        w.String(2, graph.Name);                                                              // name
        foreach (var tensor in graph.Initializers) w.Message(5, t => Tensor(t, tensor));        // initializer
        var batch = new Dimension(0, OnnxModelBuilder.BatchDimension);
        var input = new[] { batch }.Concat(graph.InputShape.Select(d => new Dimension(d, null)));
        w.Message(11, v => ValueInfo(v, OnnxModelBuilder.InputName, input));                  // input
        var output = new[] { batch, new Dimension(graph.OutputSize, null) };
        w.Message(12, v => ValueInfo(v, OnnxModelBuilder.OutputName, output));                // output
    }

    private static void Node(ProtoWriter w, OnnxNode node)
    {
        foreach (var input in node.Inputs) w.String(1, input);                               // input
        foreach (var output in node.Outputs) w.String(2, output);                            // output
        w.String(3, node.Name);                                                               // name
        w.String(4, node.OpType);                                                             // op_type
        foreach (var attribute in node.Attributes) w.Message(5, a => Attribute(a, attribute)); // attribute
    }

    private static void Attribute(ProtoWriter w, OnnxAttribute attribute)
    {
        w.String(1, attribute.Name);                                                          // name
        switch (attribute.Kind)
        {
            case OnnxAttributeKind.Float:
                w.Float(2, attribute.Number);                                                 // f
                break;
            case OnnxAttributeKind.Int:
                w.Int64(3, attribute.Integers[0]);                                            // i
                break;
            case OnnxAttributeKind.Ints:
                foreach (long value in attribute.Integers) w.Int64(8, value);                // ints
                break;
        }
        w.Int64(20, (long)attribute.Kind);                                                    // type: which of the fields above is set
    }

    private static void Tensor(ProtoWriter w, OnnxTensor tensor)
    {
        foreach (long dim in tensor.Dims) w.Int64(1, dim);                                   // dims
        w.Int64(2, Float32);                                                                  // data_type
        w.String(8, tensor.Name);                                                             // name
        // raw_data: the values as little-endian float32, the layout ONNX requires, which is also
        // the most compact (float_data would spend a tag or length on top of the same bytes).
        var raw = new byte[tensor.Values.Length * sizeof(float)];
        for (int i = 0; i < tensor.Values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), tensor.Values[i]);
        w.Bytes(9, raw);
    }

    /// <summary>A float32 tensor's name, element type and shape: the graph's input or output.</summary>
    private static void ValueInfo(ProtoWriter w, string name, IEnumerable<Dimension> shape)
    {
        w.String(1, name);                                                                    // name
        w.Message(2, type => type.Message(1, tensor =>                                        // type.tensor_type
        {
            tensor.Int64(1, Float32);                                                         // elem_type
            tensor.Message(2, s =>                                                            // shape
            {
                foreach (var dim in shape)
                {
                    s.Message(1, d =>                                                         // dim
                    {
                        if (dim.Symbol is null) d.Int64(1, dim.Size);                         // dim_value
                        else d.String(2, dim.Symbol);                                         // dim_param
                    });
                }
            });
        }));
    }

    /// <summary>A dimension: a fixed size, or a symbol such as the batch size "N".</summary>
    private readonly record struct Dimension(long Size, string? Symbol);
}
