using System.Globalization;

namespace ModelGen.Generator.Shapes
{
    /// <summary>
    /// What MG0021 offers to change when a window does not tile its input. Only the generator
    /// knows the input's height and width, so the repairs are worked out here and travel with
    /// the diagnostic (<see cref="RepairProperties"/>); every one tiles both height and width,
    /// and its title says the output it gives. Values nearest to what was written come first.
    /// </summary>
    internal static class WindowRepairs
    {
        /// <summary>
        /// A convolution: the smallest padding that tiles (below the kernel size, which MG0023
        /// demands), and stride 1, which always tiles once the kernel fits.
        /// </summary>
        public static IEnumerable<(string Title, IReadOnlyList<ArgumentEdit> Edits)> Conv(FeatureShape input, int size, int stride, int pad)
        {
            for (int p = 0; p < size; p++)
            {
                if (p == pad || Output(input, size, stride, p) is not { } output) continue;
                yield return ($"Use Pad = {p}: output {output}", new[] { new ArgumentEdit("Pad", null, p) });
                break;
            }
            if (stride != 1 && Output(input, size, 1, pad) is { } dense)
                yield return ($"Use Stride = 1: output {dense}", new[] { new ArgumentEdit("Stride", null, 1) });
        }

        /// <summary>
        /// A pooling layer: the nearest window sizes that tile, below and above, and the
        /// largest stride below the written one that tiles (1 always does). A stride equal to
        /// the size is taken to follow it, as it does when Stride is not written, so a new size
        /// brings its own stride; a written Stride is changed with it, an absent one stays absent.
        /// </summary>
        public static IEnumerable<(string Title, IReadOnlyList<ArgumentEdit> Edits)> Pool(string kind, FeatureShape input, int size, int stride)
        {
            bool follows = stride == size;
            int largest = Math.Min(input.Height, input.Width);
            foreach (int s in Nearest(size, min: 2, max: largest, s => Output(input, s, follows ? s : stride, 0) is not null))
            {
                string output = Output(input, s, follows ? s : stride, 0)!;
                yield return follows
                    ? ($"Use {kind}({s}): output {output}", new[] { new ArgumentEdit("size", 0, s), new ArgumentEdit("Stride", null, s, onlyIfWritten: true) })
                    : ($"Use {kind}({s}, Stride = {stride}): output {output}", new[] { new ArgumentEdit("size", 0, s) });
            }
            for (int t = stride - 1; t >= 1; t--)
            {
                if (Output(input, size, t, 0) is not { } output) continue;
                yield return ($"Use {kind}({size}, Stride = {t}): output {output}", new[] { new ArgumentEdit("Stride", null, t) });
                break;
            }
        }

        /// <summary>"HxW" when the window fits and tiles both dimensions; null otherwise.</summary>
        private static string? Output(FeatureShape input, int size, int stride, int pad)
        {
            int spanH = input.Height + 2 * pad - size, spanW = input.Width + 2 * pad - size;
            if (spanH < 0 || spanW < 0 || spanH % stride != 0 || spanW % stride != 0) return null;
            return (spanH / stride + 1).ToString(CultureInfo.InvariantCulture) + "x" + (spanW / stride + 1).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The nearest value below and the nearest above <paramref name="value"/> in [min, max] that pass, closer first.</summary>
        private static IEnumerable<int> Nearest(int value, int min, int max, Func<int, bool> passes)
        {
            int below = 0, above = 0;
            for (int v = Math.Min(value - 1, max); v >= min; v--)
            {
                if (passes(v)) { below = v; break; }
            }
            for (int v = Math.Max(value + 1, min); v <= max; v++)
            {
                if (passes(v)) { above = v; break; }
            }
            var found = new List<int>();
            if (below > 0) found.Add(below);
            if (above > 0) found.Add(above);
            return found.OrderBy(v => Math.Abs(v - value)).ThenBy(v => v);
        }
    }
}
