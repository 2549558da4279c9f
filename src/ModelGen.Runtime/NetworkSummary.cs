using System.Globalization;
using System.Text;

namespace ModelGen;

/// <summary>
/// A generated network at a glance, as data: each layer with its shapes, parameters and FLOPs,
/// every buffer the network allocates with its size, and the totals. The same table the
/// generated class shows in IntelliSense; <see cref="ToString"/> prints it.
/// </summary>
/// <param name="Network">The class's name.</param>
/// <param name="BatchSize">The most samples one pass takes.</param>
/// <param name="InputShape">One sample's shape, as declared.</param>
/// <param name="Layers">The layers in order, the loss last.</param>
/// <param name="Buffers">Every array the network allocates: parameters, gradients, state, activations, scratch.</param>
public sealed record NetworkSummary(string Network, int BatchSize, IReadOnlyList<int> InputShape, IReadOnlyList<LayerSummary> Layers, IReadOnlyList<BufferSummary> Buffers)
{
    /// <summary>Learnable values in all parameters together.</summary>
    public long Parameters => Layers.Sum(l => l.Parameters);

    /// <summary>Floating-point operations of one sample's forward pass (a multiply-add counts two).</summary>
    public long ForwardFlopsPerSample => Layers.Sum(l => l.ForwardFlops);

    /// <summary>Floating-point operations of one sample's training step: forward and backward.</summary>
    public long TrainingFlopsPerSample => Layers.Sum(l => l.ForwardFlops + l.BackwardFlops);

    /// <summary>Bytes of every buffer together.</summary>
    public long Bytes => Buffers.Sum(b => b.Bytes);

    /// <summary>The table: one line per layer, then the totals and the memory by kind of buffer.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Network}: input {string.Join("x", InputShape)}, batches of up to {BatchSize}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"layer",-10} {"declared as",-44} {"output",-10} {"parameters",11} {"MFLOP fwd",10} {"MFLOP bwd",10}");
        foreach (var layer in Layers)
        {
            string declared = layer.RunsIn is null ? layer.Declaration : $"{layer.Declaration} (in {layer.RunsIn})";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{layer.Name,-10} {declared,-44} {layer.OutputShape,-10} {(layer.Parameters == 0 ? "" : layer.Parameters.ToString("N0", CultureInfo.InvariantCulture)),11} {layer.ForwardFlops / 1e6,10:F3} {layer.BackwardFlops / 1e6,10:F3}");
        }
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Parameters:N0} parameters; {ForwardFlopsPerSample / 1e6:F2} MFLOP forward and {TrainingFlopsPerSample / 1e6:F2} MFLOP training per sample");
        foreach (var group in Buffers.GroupBy(b => b.Kind).OrderBy(g => g.Key))
            text.AppendLine(CultureInfo.InvariantCulture, $"{group.Key,-12} {group.Count(),4} buffers {group.Sum(b => b.Bytes) / 1048576.0,10:F2} MiB");
        text.Append(CultureInfo.InvariantCulture, $"{"in all",-12} {Buffers.Count,4} buffers {Bytes / 1048576.0,10:F2} MiB");
        return text.ToString();
    }
}

/// <summary>One layer of a <see cref="NetworkSummary"/>.</summary>
/// <param name="Name">The layer's name in the generated code: Conv1, Relu1, ...</param>
/// <param name="Declaration">The attribute with every argument.</param>
/// <param name="OutputShape">One sample's output, "16x28x28" or "50".</param>
/// <param name="Parameters">Learnable values.</param>
/// <param name="ForwardFlops">FLOPs of one sample's forward pass.</param>
/// <param name="BackwardFlops">
/// FLOPs of one sample's backward pass: for layers with weights, the weight gradient and (where
/// something before it learns) the input gradient, each as costly as the forward pass; for the
/// others, one operation per value where the input gradient is needed.
/// </param>
/// <param name="RunsIn">The layer whose methods compute this one (fusion), or null.</param>
public sealed record LayerSummary(string Name, string Declaration, string OutputShape, long Parameters, long ForwardFlops, long BackwardFlops, string? RunsIn);

/// <summary>One array a network allocates.</summary>
/// <param name="Name">The field's name: W1, dW1, _relu1Out, ...</param>
/// <param name="Kind">parameter, gradient, state, activation, scratch.</param>
/// <param name="Bytes">Its size.</param>
public sealed record BufferSummary(string Name, string Kind, long Bytes);
