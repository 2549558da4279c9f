using System.Globalization;
using ModelGen.Generator.Layers;

namespace ModelGen.Generator.Shapes
{
    /// <summary>
    /// Carries the input shape through every layer, checks every argument and every geometry,
    /// and produces a <see cref="NetworkPlan"/>, or the diagnostics that say why there is none.
    /// The checks of each kind live in its class; this walks the list and checks what concerns
    /// the network as a whole: its input, its batch, the order of layers and buffer sizes.
    /// Nothing here throws for bad input: each problem becomes a diagnostic on its attribute.
    /// </summary>
    internal static class ShapeInference
    {
        public static (NetworkPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics) Infer(NetworkSpec spec)
        {
            var diagnostics = new List<DiagnosticInfo>(spec.Diagnostics);
            var input = CheckNetwork(spec, diagnostics);
            var (layers, loss) = CheckLayerOrder(spec, diagnostics);

            var context = new InferenceContext(spec, diagnostics);
            var plans = new List<LayerPlan>();
            var counters = new Dictionary<string, int>();
            bool anythingLearnsBefore = false;
            var shape = input;

            foreach (var layer in layers)
            {
                if (shape is null) break; // the input is unusable; its own diagnostic says why
                counters.TryGetValue(layer.Kind, out int count);
                counters[layer.Kind] = ++count;
                string name = layer.Kind + count.ToString(CultureInfo.InvariantCulture);

                var output = layer.OutputShape(shape, context);
                if (output is null || !FitsInBuffers(layer, output, spec.Batch, diagnostics)) { shape = null; break; }

                context.Activation = ActivationAround(layers, plans.Count);
                var parameters = layer.Parameters(name, shape, output, context);
                var oversized = parameters.FirstOrDefault(p => p.Size > int.MaxValue);
                if (oversized is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, layer.Location, layer.Describe(), "its " + oversized.Role, oversized.Size, int.MaxValue));
                    shape = null;
                    break;
                }
                var state = layer.State(name, parameters, output);
                plans.Add(new LayerPlan(layer, name, shape, output, parameters, state, layer.ForwardFlops(shape, output), NeedsInputGradient: anythingLearnsBefore));
                anythingLearnsBefore |= parameters.Count > 0;
                if (shape.IsMap && !output.IsMap) context.FlattenedBy = $"flattened by {layer.Describe()}";
                shape = output;
            }

            LayerPlan? lossPlan = null;
            if (shape is not null && loss is not null)
                lossPlan = new LayerPlan(loss, "Loss", shape, shape, EquatableArray<ParameterPlan>.Empty, EquatableArray<StatePlan>.Empty, 0, anythingLearnsBefore);

            if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error) || shape is null || input is null)
                return (null, new EquatableArray<DiagnosticInfo>(diagnostics));
            return (new NetworkPlan(spec, input, new EquatableArray<LayerPlan>(plans), lossPlan), new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        /// <summary>
        /// The activation layer <paramref name="index"/> feeds: the first one after it, looking
        /// through layers without weights; failing that, the nearest one before it.
        /// </summary>
        private static string? ActivationAround(List<LayerSpec> layers, int index)
        {
            for (int i = index + 1; i < layers.Count && !layers[i].HasWeights; i++)
            {
                if (layers[i].Activation is { } after) return after;
            }
            for (int i = index - 1; i >= 0; i--)
            {
                if (layers[i].Activation is { } before) return before;
            }
            return null;
        }

        /// <summary>MG0015 when the layer's output for a whole batch would not fit in one array.</summary>
        private static bool FitsInBuffers(LayerSpec layer, FeatureShape output, int batch, List<DiagnosticInfo> diagnostics)
        {
            if (output.Size * batch <= int.MaxValue) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, layer.Location, layer.Describe(), $"its output for a batch of {batch} ({output})", output.Size * batch, int.MaxValue));
            return false;
        }

        /// <summary>The input shape and batch size; null when the input cannot be used.</summary>
        private static FeatureShape? CheckNetwork(NetworkSpec spec, List<DiagnosticInfo> diagnostics)
        {
            if (spec.Batch < 1 || spec.Batch > Defaults.MaxBatch)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBatch, spec.Location, spec.ClassName, spec.Batch, Defaults.MaxBatch));

            var dims = spec.Input;
            if (dims.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, spec.Location, spec.ClassName));
                return null;
            }
            const long MaxSampleSize = Defaults.MaxDimension * 16L;
            long sampleSize = dims.Aggregate(1L, (p, d) => p * d);
            string? problem = null;
            if (dims.Count != 1 && dims.Count != 3)
                problem = $"it has {dims.Count} dimensions; give [features] or [channels, height, width]";
            else if (dims.Any(d => d < 1 || d > Defaults.MaxDimension))
                problem = $"every dimension must be between 1 and {Defaults.MaxDimension}";
            else if (sampleSize > MaxSampleSize)
                problem = $"one sample would hold {sampleSize} values, more than {MaxSampleSize}";
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInput, spec.Location, spec.ClassName, string.Join(", ", dims), problem));
                return null;
            }
            return dims.Count == 1 ? FeatureShape.Flat(dims[0]) : FeatureShape.Map(dims[0], dims[1], dims[2]);
        }

        /// <summary>Splits off the loss and checks the order: layers exist, the loss is last, Step only forward.</summary>
        private static (List<LayerSpec> Layers, LayerSpec? Loss) CheckLayerOrder(NetworkSpec spec, List<DiagnosticInfo> diagnostics)
        {
            var layers = new List<LayerSpec>();
            LayerSpec? loss = null;
            foreach (var layer in spec.Layers)
            {
                if (loss is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerAfterLoss, layer.Location, layer.Title, loss.Describe()));
                    continue;
                }
                if (layer.IsLoss) { loss = layer; continue; }
                if (!layer.CanTrain && spec.Trainable)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StepInTrainable, layer.Location, layer.Title));
                layers.Add(layer);
            }
            if (layers.Count == 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, spec.Location, spec.ClassName));
            else if (loss is null && spec.Trainable)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingLoss, spec.Location, spec.ClassName));
            return (layers, loss);
        }
    }
}
