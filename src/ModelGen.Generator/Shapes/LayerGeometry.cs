using System.Collections.Generic;
using System.Globalization;
using ModelGen.Generator.Model;

namespace ModelGen.Generator.Shapes
{
    /// <summary>
    /// The output shape of each kind of layer, with the checks that make it well defined.
    /// Returns null (after adding a diagnostic) when the layer cannot apply to its input.
    /// </summary>
    internal static class LayerGeometry
    {
        public static FeatureShape? Output(LayerSpec layer, FeatureShape input, string flattenedBy, List<DiagnosticInfo> diagnostics)
        {
            switch (layer.Kind)
            {
                case LayerKind.Dense:
                    return Positive(layer, "units", layer.Units, diagnostics) ? FeatureShape.Flat(layer.Units) : null;
                case LayerKind.Conv:
                    return Convolution(layer, input, flattenedBy, diagnostics);
                case LayerKind.MaxPool:
                case LayerKind.AvgPool:
                    return Pooling(layer, input, flattenedBy, diagnostics);
                case LayerKind.Dropout:
                    if (!(layer.Ratio >= 0 && layer.Ratio < 1))
                    {
                        Invalid(layer, "ratio", layer.Ratio.ToString("R", CultureInfo.InvariantCulture), "at least 0 and less than 1", diagnostics);
                        return null;
                    }
                    return input;
                default:
                    return input; // activations keep their input's shape
            }
        }

        private static FeatureShape? Convolution(LayerSpec layer, FeatureShape input, string flattenedBy, List<DiagnosticInfo> diagnostics)
        {
            bool ok = Positive(layer, "filters", layer.Filters, diagnostics)
                & Positive(layer, "size", layer.Size, diagnostics)
                & Positive(layer, "Stride", layer.Stride, diagnostics);
            if (layer.Pad < 0 || layer.Pad > ShapeInference.MaxDimension)
            {
                Invalid(layer, "Pad", layer.Pad.ToString(CultureInfo.InvariantCulture), "between 0 and " + ShapeInference.MaxDimension, diagnostics);
                ok = false;
            }
            if (!ok || !RequireMap(layer, input, flattenedBy, diagnostics)) return null;

            if (layer.Pad >= layer.Size)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PadNotSmallerThanKernel, layer.Location, Cap(layer), layer.Pad, layer.Size));
                return null;
            }
            int paddedH = input.Height + 2 * layer.Pad, paddedW = input.Width + 2 * layer.Pad;
            if (layer.Size > paddedH || layer.Size > paddedW)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KernelLargerThanInput, layer.Location, Cap(layer), layer.Size, input.Height, input.Width, layer.Pad, paddedH, paddedW));
                return null;
            }
            var (height, width) = Window(layer, input, layer.Pad, diagnostics);
            return height > 0 ? FeatureShape.Map(layer.Filters, height, width) : null;
        }

        private static FeatureShape? Pooling(LayerSpec layer, FeatureShape input, string flattenedBy, List<DiagnosticInfo> diagnostics)
        {
            bool ok = Positive(layer, "size", layer.Size, diagnostics) & Positive(layer, "Stride", layer.Stride, diagnostics);
            if (!ok || !RequireMap(layer, input, flattenedBy, diagnostics)) return null;
            if (layer.Size > input.Height || layer.Size > input.Width)
            {
                int h = (input.Height - layer.Size) / layer.Stride + 1, w = (input.Width - layer.Size) / layer.Stride + 1;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyOutput, layer.Location, Cap(layer), System.Math.Min(h, 0), System.Math.Min(w, 0)));
                return null;
            }
            var (height, width) = Window(layer, input, 0, diagnostics);
            return height > 0 ? FeatureShape.Map(input.Channels, height, width) : null;
        }

        /// <summary>The output size of a sliding window; a window that does not tile its input is an error.</summary>
        private static (int Height, int Width) Window(LayerSpec layer, FeatureShape input, int pad, List<DiagnosticInfo> diagnostics)
        {
            int spanH = input.Height + 2 * pad - layer.Size, spanW = input.Width + 2 * pad - layer.Size;
            if (spanH % layer.Stride != 0 || spanW % layer.Stride != 0)
            {
                string h = ((double)spanH / layer.Stride + 1).ToString("0.##", CultureInfo.InvariantCulture);
                string w = ((double)spanW / layer.Stride + 1).ToString("0.##", CultureInfo.InvariantCulture);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StrideDoesNotDivide, layer.Location, Cap(layer), input.Height, input.Width, layer.Size, layer.Stride, pad, h, w));
                return (0, 0);
            }
            return (spanH / layer.Stride + 1, spanW / layer.Stride + 1);
        }

        private static bool RequireMap(LayerSpec layer, FeatureShape input, string flattenedBy, List<DiagnosticInfo> diagnostics)
        {
            if (input.IsMap) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FeatureMapLayerAfterFlatten, layer.Location, Cap(layer), input.Size, flattenedBy));
            return false;
        }

        private static bool Positive(LayerSpec layer, string argument, int value, List<DiagnosticInfo> diagnostics)
        {
            if (value >= 1 && value <= ShapeInference.MaxDimension) return true;
            Invalid(layer, argument, value.ToString(CultureInfo.InvariantCulture), "between 1 and " + ShapeInference.MaxDimension, diagnostics);
            return false;
        }

        private static void Invalid(LayerSpec layer, string argument, string value, string rule, List<DiagnosticInfo> diagnostics)
            => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerArgument, layer.Location, Cap(layer), argument, value, rule));

        private static string Cap(LayerSpec layer) => ShapeInference.Capitalize(layer.Describe());
    }
}
