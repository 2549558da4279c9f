using SkiaSharp;

namespace ModelGen.Samples.DeepCnn.Pictures;

/// <summary>
/// A PNG of an input image on the left and, on the right, sections of filters each followed by
/// its response to that input (chapter 7.6.1, figure 7-25: input -> filter -> output). Every
/// tile is stretched to its own range and drawn with the book's gray_r (dark = large).
/// </summary>
internal sealed class FilterResponseSheet(GrayImage input, string inputCaption, int filterSize, int columns)
{
    private const int Gap = 6, TitleLine = 18, CaptionHeight = 15, FilterScale = 6, InputPixels = 168, ResponsePixels = 72;
    private readonly List<(string Heading, List<(float[] Filter, GrayImage Response)> Pairs)> _sections = [];

    /// <summary>Adds a section: each filter (filterSize²) with its response to the input.</summary>
    public void AddSection(string heading, IEnumerable<(float[] Filter, GrayImage Response)> pairs)
    {
        var list = pairs.ToList();
        foreach (var (filter, response) in list)
        {
            if (filter.Length != filterSize * filterSize) throw new ArgumentException($"A filter has {filterSize}x{filterSize} values, not {filter.Length}.", nameof(pairs));
            if (response.Pixels.Length != response.Width * response.Height) throw new ArgumentException("A response's pixels do not match its size.", nameof(pairs));
        }
        _sections.Add((heading, list));
    }

    public void Save(string path, IReadOnlyList<string> title)
    {
        if (_sections.Count == 0) throw new InvalidOperationException("No filters to draw.");
        int inputScale = Math.Max(1, InputPixels / Math.Max(input.Width, input.Height));
        int responseWidth = _sections.Max(s => s.Pairs.Max(p => p.Response.Width));
        int responseHeight = _sections.Max(s => s.Pairs.Max(p => p.Response.Height));
        int responseScale = Math.Max(1, ResponsePixels / Math.Max(responseWidth, responseHeight));
        int filterPixels = filterSize * FilterScale;
        int cellWidth = filterPixels + 3 + responseWidth * responseScale + 2 * Gap;
        int cellHeight = Math.Max(filterPixels, responseHeight * responseScale) + CaptionHeight + Gap;
        int inputWidth = input.Width * inputScale + 3 * Gap;

        int top = Gap + title.Count * TitleLine + Gap;
        int height = top + _sections.Sum(s => TitleLine + (s.Pairs.Count + columns - 1) / columns * cellHeight + Gap);
        int width = inputWidth + columns * cellWidth + Gap;
        using var font = new SKFont(SKTypeface.Default, 13);
        using var bold = new SKFont(SKTypeface.FromFamilyName(null, SKFontStyle.Bold), 13);
        width = Math.Max(width, (int)title.Max(t => font.MeasureText(t)) + 2 * Gap);

        using var bitmap = new SKBitmap(width, Math.Max(height, top + input.Height * inputScale + CaptionHeight + Gap));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var text = new SKPaint { IsAntialias = true, Color = SKColors.Black };
            using var grey = new SKPaint { IsAntialias = true, Color = SKColors.DimGray };
            for (int i = 0; i < title.Count; i++) canvas.DrawText(title[i], Gap, Gap + (i + 1) * TitleLine - 4, i == 0 ? bold : font, i == 0 ? text : grey);

            ImageGrid.DrawTile(canvas, ImageGrid.Shades(input.Pixels, inverted: true), input.Width, input.Height, Gap, top + TitleLine, inputScale);
            canvas.DrawText(inputCaption, Gap, top + TitleLine + input.Height * inputScale + 14, font, text);

            int y = top;
            foreach (var (heading, pairs) in _sections)
            {
                canvas.DrawText(heading, inputWidth, y + TitleLine - 4, bold, text);
                y += TitleLine;
                for (int k = 0; k < pairs.Count; k++)
                {
                    var (filter, response) = pairs[k];
                    int left = inputWidth + k % columns * cellWidth, cellTop = y + k / columns * cellHeight;
                    ImageGrid.DrawTile(canvas, ImageGrid.Shades(filter, inverted: true), filterSize, filterSize, left, cellTop, FilterScale);
                    int responseLeft = left + filterPixels + 3;
                    ImageGrid.DrawTile(canvas, ImageGrid.Shades(response.Pixels, inverted: true), response.Width, response.Height, responseLeft, cellTop, responseScale);
                    canvas.DrawText($"{k + 1}", left, cellTop + filterPixels + 13, font, grey);
                }
                y += (pairs.Count + columns - 1) / columns * cellHeight + Gap;
            }
        }
        ImageGrid.SavePng(bitmap, path);
    }
}
