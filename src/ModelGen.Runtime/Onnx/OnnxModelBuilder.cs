using ModelGen.IO;

namespace ModelGen.Onnx;

/// <summary>
/// Builds a network's inference graph as an ONNX model. A generated network's <c>ExportOnnx</c>
/// drives it: each layer adds its node(s) in order, naming the network's own parameters and
/// state as their constant inputs; <see cref="Save"/> then writes the file. The graph's input
/// is <see cref="InputName"/>, its output <see cref="OutputName"/>, both float32 with the
/// symbolic batch dimension <see cref="BatchDimension"/> first.
/// </summary>
public sealed class OnnxModelBuilder
{
    /// <summary>
    /// The operator set the nodes are written for: 13 is the oldest with today's Softmax (over
    /// one axis, not a flattened 2-D view) and is read by every maintained runtime.
    /// </summary>
    public const int OpsetVersion = 13;

    /// <summary>The name of the graph's input: the samples, (N, ...the network's input shape).</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph's output: (N, the network's OutputSize).</summary>
    public const string OutputName = "output";

    /// <summary>The symbolic batch dimension of the input and output.</summary>
    public const string BatchDimension = "N";

    private readonly INetwork _network;
    private readonly string _graphName;
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly HashSet<string> _tensors = new(StringComparer.Ordinal) { InputName };

    /// <summary>Starts an empty graph for <paramref name="network"/>, whose input is <see cref="Input"/>.</summary>
    /// <param name="network">Whose input shape, output size, parameters and state the graph uses.</param>
    /// <param name="graphName">The graph's name: the network's class.</param>
    public OnnxModelBuilder(INetwork network, string graphName)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        _network = network;
        _graphName = graphName;
    }

    /// <summary>The name of the graph's input tensor, where the first layer reads.</summary>
    public string Input => InputName;

    /// <summary>
    /// Adds the parameter named <paramref name="name"/> (W1, b1, gamma1, ...) as a constant of the
    /// graph, with its current values and the book's layout as its dimensions, and returns the
    /// tensor's name, which is the parameter's. A second call for the same parameter adds nothing.
    /// </summary>
    public string Parameter(string name)
    {
        var parameter = _network.Parameters.FirstOrDefault(p => p.Name == name)
            ?? throw new ArgumentException($"The network has no parameter named {name}.", nameof(name));
        return AddInitializer(name, parameter.Shape, (float[])parameter.Value.Clone());
    }

    /// <summary>
    /// Adds the state tensor named <paramref name="name"/> (running_mean1, ...) as a constant of
    /// the graph, with its current values, and returns its name.
    /// </summary>
    public string State(string name)
    {
        var state = _network.State.FirstOrDefault(s => s.Name == name)
            ?? throw new ArgumentException($"The network has no state named {name}.", nameof(name));
        return AddInitializer(name, state.Shape, state.Read());
    }

    /// <summary>Adds a scalar constant (a tensor of no dimensions) and returns its name.</summary>
    public string Constant(string name, float value) => AddInitializer(name, [], [value]);

    /// <summary>
    /// Adds a node of the default ONNX domain that reads <paramref name="inputs"/> and writes one
    /// new tensor named <paramref name="output"/> (also the node's name), and returns that name.
    /// Every input must already exist: the graph's input, a constant, or an earlier node's output.
    /// </summary>
    public string Node(string opType, string output, string[] inputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (var input in inputs)
        {
            if (!_tensors.Contains(input))
                throw new ArgumentException($"{opType} node {output} reads {input}, which no earlier node, constant or input defines.", nameof(inputs));
        }
        AddName(output);
        _nodes.Add(new OnnxNode(opType, output, [.. inputs], [output], [.. attributes]));
        return output;
    }

    /// <summary>
    /// The graph with <paramref name="output"/> as its output, renamed <see cref="OutputName"/>.
    /// A tensor no node writes (the input itself, when no layer changes it) is passed through an
    /// Identity node, since a graph output must be some node's output under that name.
    /// </summary>
    internal OnnxGraph Build(string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        if (!_tensors.Contains(output)) throw new ArgumentException($"No tensor is named {output}.", nameof(output));
        if (output != OutputName && _tensors.Contains(OutputName))
            throw new InvalidOperationException($"A tensor is already named {OutputName}; the graph's output must be the only one.");
        var nodes = _nodes.Select(n => n with
        {
            Inputs = [.. n.Inputs.Select(i => i == output ? OutputName : i)],
            Outputs = [.. n.Outputs.Select(o => o == output ? OutputName : o)],
        }).ToList();
        if (!_nodes.Any(n => n.Outputs.Contains(output)))
            nodes.Add(new OnnxNode("Identity", OutputName, [output], [OutputName], []));
        return new OnnxGraph(_graphName, _network.InputShape, _network.OutputSize, nodes, [.. _initializers]);
    }

    /// <summary>The model file's bytes, with <paramref name="output"/> as the graph's output.</summary>
    public byte[] ToBytes(string output)
        => OnnxModelWriter.Write(Build(output), OpsetVersion, typeof(OnnxModelBuilder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>
    /// Writes the model to <paramref name="path"/> (conventionally *.onnx), with
    /// <paramref name="output"/> as the graph's output. The file is replaced atomically: a failed
    /// export never leaves a partial model under that name.
    /// </summary>
    public void Save(string path, string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = ToBytes(output);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private string AddInitializer(string name, IReadOnlyList<int> shape, float[] values)
    {
        if (_initializers.Any(t => t.Name == name)) return name;
        AddName(name);
        _initializers.Add(new OnnxTensor(name, [.. shape.Select(d => (long)d)], values));
        return name;
    }

    private void AddName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_tensors.Add(name)) throw new ArgumentException($"A tensor is already named {name}: every tensor of a graph needs its own name.", nameof(name));
    }
}
