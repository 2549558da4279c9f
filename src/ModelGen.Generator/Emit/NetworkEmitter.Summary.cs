using System.Globalization;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emit
{
    /// <summary>Summary(): the network at a glance as data, the same facts the class's XML summary shows.</summary>
    internal sealed partial class NetworkEmitter
    {
        private void WriteSummaryMethod()
        {
            _w.Line("/// <summary>");
            _w.Line("/// The network at a glance: each layer's shapes, parameters and FLOPs, and every buffer it");
            _w.Line("/// allocates with its size. <see cref=\"global::ModelGen.NetworkSummary.ToString\"/> prints it as a table.");
            _w.Line("/// </summary>");
            _w.Line($"public static {Runtime}NetworkSummary Summary() => new(");
            using (_w.Indented())
            {
                _w.Line($"\"{Spec.ClassName}\", BatchSize, s_inputShape,");
                _w.Line($"new {Runtime}LayerSummary[]");
                _w.Line("{");
                using (_w.Indented())
                {
                    foreach (var step in _plan.Steps)
                    {
                        foreach (var layer in step.Layers)
                        {
                            string runsIn = layer == step.Host ? "null" : $"\"{step.Name}\"";
                            _w.Line($"new(\"{layer.Name}\", \"{layer.Spec.Declaration}\", \"{layer.Out}\", {layer.ParameterCount}, {layer.ForwardFlops}, {BackwardFlops(layer)}, {runsIn}),");
                        }
                    }
                    if (Network.Loss is { } loss) _w.Line($"new(\"Loss\", \"{loss.Spec.Kind}\", \"{loss.Out}\", 0, 0, 0, null),");
                }
                _w.Line("},");
                _w.Line($"new {Runtime}BufferSummary[]");
                _w.Line("{");
                using (_w.Indented())
                {
                    foreach (var layer in Layers)
                    {
                        foreach (var p in layer.Parameters)
                        {
                            _w.Line($"new(\"{p.Name}\", \"parameter\", 4L * {Product(p.ShapeConstants)}),");
                            _w.Line($"new(\"d{p.Name}\", \"gradient\", 4L * {Product(p.ShapeConstants)}),");
                        }
                        foreach (var s in layer.State) _w.Line($"new(\"{s.Name}\", \"state\", 4L * {Product(s.ShapeConstants)}),");
                    }
                    foreach (var buffer in ActivationBuffers()) _w.Line($"new(\"{buffer.Field}\", \"activation\", 4L * {buffer.Length}),");
                    if (HasWorkspace) _w.Line("new(\"_workspace\", \"scratch\", 4L * WorkspaceSize()),");
                }
                _w.Line("});");
            }
            _w.Line();
        }

        /// <summary>
        /// A layer's backward FLOPs per sample: with weights, the weight gradient and (where
        /// something before it learns) the input gradient, each as costly as the forward pass;
        /// without, one operation per value where the input gradient is needed.
        /// </summary>
        private long BackwardFlops(Shapes.LayerPlan layer)
        {
            if (!Trainable) return 0;
            if (layer.Spec.HasWeights) return layer.ForwardFlops * (layer.NeedsInputGradient ? 2 : 1);
            return layer.NeedsInputGradient || layer.HasParameters ? layer.Out.Size : 0;
        }
    }
}
