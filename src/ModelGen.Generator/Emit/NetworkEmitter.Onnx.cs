using ModelGen.Generator.Layers;

namespace ModelGen.Generator.Emit
{
    /// <summary>ExportOnnx: the network in inference mode as an ONNX graph, one layer after another.</summary>
    internal sealed partial class NetworkEmitter
    {
        private void WriteOnnxExport()
        {
            var input = Network.Input;
            string inputShape = input.IsMap ? $"N, {input.Channels}, {input.Height}, {input.Width}" : $"N, {input.Size}";
            string output = Network.Loss?.Spec is LossLayer loss ? loss.OnnxOutput : "the last layer's output, as Forward gives it";
            _w.Line("/// <summary>");
            _w.Line("/// Writes the network for inference to <paramref name=\"path\"/> as an ONNX model (opset");
            _w.Line("/// <see cref=\"Onnx::OnnxModelBuilder.OpsetVersion\"/>), with the weights and statistics as they are now.");
            _w.Line($"/// Input \"input\": ({inputShape}), N samples. Output \"output\": (N, {Network.Output.Size}), {output}.");
            _w.Line("/// The model computes what Forward computes with training false.");
            _w.Line("/// </summary>");
            using (Pass("public void ExportOnnx(string path)"))
            {
                _w.Line($"var onnx = new {OnnxContext.Onnx}OnnxModelBuilder(this, \"{Spec.ClassName}\");");
                _w.Line("string x = onnx.Input;");
                foreach (var layer in Layers)
                {
                    _w.Line($"// {layer.Name}: {layer.Spec.Declaration}");
                    layer.Spec.WriteOnnx(new OnnxContext(layer), _w);
                }
                // The output is (N, OutputSize), as Forward gives it, whatever shape the last layer has.
                OnnxContext.FlattenMap(_w, Network.Output, "Flatten");
                if (Network.Loss is not null)
                {
                    _w.Line($"// {Network.Loss.Spec.Kind}");
                    Network.Loss.Spec.WriteOnnx(new OnnxContext(Network.Loss), _w);
                }
                _w.Line("onnx.Save(path, x);");
            }
            _w.Line();
        }
    }
}
