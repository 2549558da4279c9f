using System.Globalization;
using ModelGen.Generator.Layers;

namespace ModelGen.Generator.Shapes
{
    /// <summary>
    /// What a layer kind sees while its shapes are inferred: the network's settings, where the
    /// feature map was flattened, the next free parameter numbers, and the diagnostics list that
    /// its checks add to. Argument checks shared by several kinds live here.
    /// </summary>
    internal sealed class InferenceContext
    {
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly Dictionary<string, int> _numbers = new();

        public InferenceContext(NetworkSpec network, List<DiagnosticInfo> diagnostics)
        {
            Network = network;
            _diagnostics = diagnostics;
            FlattenedBy = "the network's input is declared flat";
        }

        public NetworkSpec Network { get; }

        /// <summary>
        /// The activation the current layer's output feeds (the first activation after it before
        /// the next weighted layer), else the one before it; null when there is none. For
        /// WeightInit.ForActivation.
        /// </summary>
        public string? Activation { get; set; }

        /// <summary>Why the current input is flat, for MG0024: "flattened by layer 3 (Dense)".</summary>
        public string FlattenedBy { get; set; }

        /// <summary>
        /// The next number of a family of parameter names, counted from 1: W and b share the
        /// family "W", so Dense and Conv layers are W1/b1, W2/b2, ... in layer order.
        /// </summary>
        public int NextNumber(string family)
        {
            _numbers.TryGetValue(family, out int last);
            _numbers[family] = ++last;
            return last;
        }

        public void Report(DiagnosticInfo diagnostic) => _diagnostics.Add(diagnostic);

        /// <summary>MG0008 unless 1 ≤ value ≤ <see cref="Defaults.MaxDimension"/>.</summary>
        public bool Positive(LayerSpec layer, string argument, int value)
        {
            if (value >= 1 && value <= Defaults.MaxDimension) return true;
            Invalid(layer, argument, value.ToString(CultureInfo.InvariantCulture), "between 1 and " + Defaults.MaxDimension);
            return false;
        }

        /// <summary>MG0008: the argument's value breaks the rule.</summary>
        public void Invalid(LayerSpec layer, string argument, string value, string rule)
            => Report(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerArgument, layer.Location, layer.Title, argument, value, rule));

        /// <summary>MG0024 unless the input is a feature map.</summary>
        public bool RequireMap(LayerSpec layer, FeatureShape input)
        {
            if (input.IsMap) return true;
            Report(DiagnosticInfo.Create(DiagnosticDescriptors.FeatureMapLayerAfterFlatten, layer.Location, layer.Title, input.Size, FlattenedBy));
            return false;
        }

        /// <summary>
        /// The output size of a square window sliding over a padded input; MG0021, and (0, 0),
        /// when the window does not tile it, carrying the <paramref name="repairs"/> that the IDE
        /// offers (worked out only then: see <see cref="WindowRepairs"/>).
        /// </summary>
        public (int Height, int Width) Window(LayerSpec layer, FeatureShape input, int size, int stride, int pad,
            Func<IEnumerable<(string Title, IReadOnlyList<ArgumentEdit> Edits)>>? repairs = null)
        {
            int spanH = input.Height + 2 * pad - size, spanW = input.Width + 2 * pad - size;
            if (spanH % stride != 0 || spanW % stride != 0)
            {
                string h = ((double)spanH / stride + 1).ToString("0.##", CultureInfo.InvariantCulture);
                string w = ((double)spanW / stride + 1).ToString("0.##", CultureInfo.InvariantCulture);
                var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.StrideDoesNotDivide, layer.Location, layer.Title, input.Height, input.Width, size, stride, pad, h, w);
                Report(repairs is null ? diagnostic : diagnostic.WithProperties(RepairProperties.Write(repairs())));
                return (0, 0);
            }
            return (spanH / stride + 1, spanW / stride + 1);
        }
    }
}
