using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Model;

namespace ModelGen.Generator.Shapes
{
    /// <summary>
    /// Carries the input shape through every layer, checks every argument and every geometry,
    /// and produces a <see cref="NetworkPlan"/>, or the diagnostics that say why there is none.
    /// Nothing here throws for bad input: each problem becomes a diagnostic on its attribute.
    /// </summary>
    internal static class ShapeInference
    {
        /// <summary>No dimension of one sample or layer may exceed this (2^20): larger is a typo.</summary>
        public const int MaxDimension = 1 << 20;

        public const int MaxBatch = 1 << 16;

        public static (NetworkPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics) Infer(NetworkSpec spec)
        {
            var diagnostics = new List<DiagnosticInfo>(spec.Diagnostics);
            var input = CheckNetwork(spec, diagnostics);
            var (layers, loss) = CheckLayerOrder(spec, diagnostics);

            var plans = new List<LayerPlan>();
            var counters = new Dictionary<LayerKind, int>();
            int parameterIndex = 0;
            bool anythingLearnsBefore = false;
            long parameters = 0, flops = 0;
            var shape = input;
            string flattenedBy = input is { IsMap: false } ? "the network's input is declared flat" : "";

            foreach (var layer in layers)
            {
                if (shape is null) break; // the input is unusable; its own diagnostic says why
                counters.TryGetValue(layer.Kind, out int count);
                counters[layer.Kind] = ++count;
                string name = layer.Kind + count.ToString(CultureInfo.InvariantCulture);

                var output = LayerGeometry.Output(layer, shape, flattenedBy, diagnostics);
                if (output is null) { shape = null; break; }
                if (output.Size * spec.Batch > int.MaxValue)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, layer.Location, layer.Describe(), $"its output for a batch of {spec.Batch} ({output})", output.Size * spec.Batch, int.MaxValue));
                    shape = null;
                    break;
                }

                int index = 0;
                double std = 0;
                string rule = "";
                if (layer.Kind.HasWeights())
                {
                    index = ++parameterIndex;
                    long fanIn = layer.Kind == LayerKind.Conv ? (long)shape.Channels * layer.Size * layer.Size : shape.Size;
                    (std, rule) = InitialStd(layer, spec.DefaultInit, fanIn, diagnostics);
                }

                var plan = new LayerPlan(layer, name, shape, output, index, std, rule, NeedsInputGradient: anythingLearnsBefore);
                if (plan.WeightCount > int.MaxValue)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLarge, layer.Location, layer.Describe(), "its weights", plan.WeightCount, int.MaxValue));
                    shape = null;
                    break;
                }
                plans.Add(plan);
                parameters += plan.WeightCount + plan.BiasCount;
                flops += plan.ForwardFlops;
                anythingLearnsBefore |= layer.Kind.HasWeights();
                if (shape.IsMap && !output.IsMap) flattenedBy = $"flattened by {layer.Describe()}";
                shape = output;
            }

            LayerPlan? lossPlan = null;
            if (shape is not null && loss is not null)
                lossPlan = new LayerPlan(loss, "Loss", shape, shape, 0, 0, "", NeedsInputGradient: anythingLearnsBefore);

            if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error) || shape is null || input is null)
                return (null, new EquatableArray<DiagnosticInfo>(diagnostics));

            var result = new NetworkPlan(spec, input, new EquatableArray<LayerPlan>(plans), lossPlan, parameters, flops);
            return (result, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        /// <summary>The input shape and batch size; null when the input cannot be used.</summary>
        private static FeatureShape? CheckNetwork(NetworkSpec spec, List<DiagnosticInfo> diagnostics)
        {
            if (spec.Batch < 1 || spec.Batch > MaxBatch)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBatch, spec.Location, spec.ClassName, spec.Batch, MaxBatch));

            var dims = spec.Input;
            if (dims.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, spec.Location, spec.ClassName));
                return null;
            }
            string text = string.Join(", ", dims);
            string? problem = null;
            if (dims.Count != 1 && dims.Count != 3)
                problem = $"it has {dims.Count} dimensions; give [features] or [channels, height, width]";
            else if (dims.Any(d => d < 1 || d > MaxDimension))
                problem = $"every dimension must be between 1 and {MaxDimension}";
            else if (dims.Aggregate(1L, (p, d) => p * d) > MaxDimension * 16L)
                problem = $"one sample would hold {dims.Aggregate(1L, (p, d) => p * d)} values, more than {MaxDimension * 16L}";
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInput, spec.Location, spec.ClassName, text, problem));
                return null;
            }
            return dims.Count == 1 ? FeatureShape.Flat(dims[0]) : FeatureShape.Map(dims[0], dims[1], dims[2]);
        }

        /// <summary>Splits off the loss and checks the order: layers exist, the loss is last, Step only forward.</summary>
        private static (List<LayerSpec> Layers, LayerSpec? Loss) CheckLayerOrder(NetworkSpec spec, List<DiagnosticInfo> diagnostics)
        {
            var layers = new List<LayerSpec>();
            LayerSpec? loss = null;
            if (spec.Layers.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, spec.Location, spec.ClassName));
                return (layers, null);
            }
            foreach (var layer in spec.Layers)
            {
                if (loss is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerAfterLoss, layer.Location, Capitalize(layer.Describe()), loss.Describe()));
                    continue;
                }
                if (layer.Kind.IsLoss()) { loss = layer; continue; }
                if (layer.Kind == LayerKind.Step && spec.Trainable)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StepInTrainable, layer.Location, Capitalize(layer.Describe())));
                layers.Add(layer);
            }
            if (layers.Count == 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, spec.Location, spec.ClassName));
            else if (loss is null && spec.Trainable)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingLoss, spec.Location, spec.ClassName));
            return (layers, loss);
        }

        private static (double Std, string Rule) InitialStd(LayerSpec layer, InitKind networkDefault, long fanIn, List<DiagnosticInfo> diagnostics)
        {
            var init = layer.Init == InitKind.Default ? networkDefault : layer.Init;
            switch (init)
            {
                case InitKind.Xavier:
                    return (Math.Sqrt(1.0 / fanIn), $"Xavier: sqrt(1 / {fanIn})");
                case InitKind.He:
                    return (Math.Sqrt(2.0 / fanIn), $"He: sqrt(2 / {fanIn})");
                case InitKind.Gaussian:
                    if (!(layer.Std > 0) || double.IsInfinity(layer.Std) || layer.Std > 1e3)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerArgument, layer.Location, Capitalize(layer.Describe()), "Std", layer.Std.ToString("R", CultureInfo.InvariantCulture), "a positive, finite standard deviation of at most 1000"));
                    return (layer.Std, "Gaussian, fixed std");
                default:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerArgument, layer.Location, Capitalize(layer.Describe()), "Init", (int)init, "Gaussian, Xavier or He"));
                    return (0.01, "Gaussian, fixed std");
            }
        }

        internal static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
