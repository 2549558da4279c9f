namespace ModelGen.Onnx;

/// <summary>One operator of the graph: its type, the tensors it reads and writes, its attributes.</summary>
/// <param name="OpType">The operator in the default ONNX domain: "Gemm", "Conv", ...</param>
/// <param name="Name">The node's name; the builder uses its output's.</param>
/// <param name="Inputs">The tensors it reads, in the operator's order.</param>
/// <param name="Outputs">The tensors it writes.</param>
/// <param name="Attributes">Its attributes.</param>
internal sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes);

/// <summary>A constant of the graph (an initializer): a float32 tensor with its name and dimensions.</summary>
internal sealed record OnnxTensor(string Name, IReadOnlyList<long> Dims, float[] Values);

/// <summary>
/// A whole inference graph as the writer serialises it: one float32 input of shape
/// (N, <see cref="InputShape"/>...) and one float32 output of shape (N, <see cref="OutputSize"/>),
/// where N is the symbolic batch dimension.
/// </summary>
internal sealed record OnnxGraph(
    string Name,
    IReadOnlyList<int> InputShape,
    int OutputSize,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers);
