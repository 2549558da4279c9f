using SkiaSharp;

namespace ModelGen.Samples.DeepCnn.Pictures;

/// <summary>
/// A PNG of small grayscale images in a grid, each scaled up with hard pixel edges and
/// optionally captioned: for first-layer filters (chapter 7.6) and misclassified digits (8.1.2).
/// </summary>
internal sealed class ImageGrid(int tileWidth, int tileHeight, int columns, int scale)
{
    private const int Gap = 4;
    private readonly List<(float[] Pixels, string? Caption, SKColor CaptionColor)> _tiles = [];

    /// <summary>
    /// Adds one image. Values are stretched so the tile's minimum is white and its maximum
    /// black when <paramref name="inverted"/> (the book's gray_r colour map), else the reverse.
    /// </summary>
    public void Add(ReadOnlySpan<float> pixels, string? caption = null, bool inverted = false, SKColor? captionColor = null)
    {
        if (pixels.Length != tileWidth * tileHeight)
            throw new ArgumentException($"A tile has {tileWidth}x{tileHeight} pixels, not {pixels.Length}.", nameof(pixels));
        float min = float.MaxValue, max = float.MinValue;
        foreach (float v in pixels) { min = Math.Min(min, v); max = Math.Max(max, v); }
        float range = max > min ? max - min : 1;
        var shades = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            float shade = (pixels[i] - min) / range;
            shades[i] = inverted ? 1 - shade : shade;
        }
        _tiles.Add((shades, caption, captionColor ?? SKColors.Black));
    }

    public int Count => _tiles.Count;

    public void Save(string path, string? title = null)
    {
        if (_tiles.Count == 0) throw new InvalidOperationException("No images to draw.");
        bool captions = _tiles.Any(t => t.Caption is not null);
        using var font = new SKFont(SKTypeface.Default, 13);
        int captionHeight = captions ? 16 : 0, titleHeight = title is null ? 0 : 22;
        int cellWidth = tileWidth * scale + Gap, cellHeight = tileHeight * scale + captionHeight + Gap;
        int rows = (_tiles.Count + columns - 1) / columns;
        int width = Math.Max(columns * cellWidth + Gap, title is null ? 0 : (int)font.MeasureText(title) + 2 * Gap);
        using var bitmap = new SKBitmap(width, titleHeight + rows * cellHeight + Gap);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { IsAntialias = false };
            using var text = new SKPaint { IsAntialias = true };
            if (title is not null)
            {
                text.Color = SKColors.Black;
                canvas.DrawText(title, Gap, 16, font, text);
            }
            for (int t = 0; t < _tiles.Count; t++)
            {
                var (shades, caption, color) = _tiles[t];
                int left = Gap + t % columns * cellWidth, top = titleHeight + Gap + t / columns * cellHeight;
                for (int y = 0; y < tileHeight; y++)
                {
                    for (int x = 0; x < tileWidth; x++)
                    {
                        byte level = (byte)Math.Round(255 * (1 - shades[y * tileWidth + x]));
                        paint.Color = new SKColor(level, level, level);
                        canvas.DrawRect(left + x * scale, top + y * scale, scale, scale, paint);
                    }
                }
                if (caption is null) continue;
                text.Color = color;
                canvas.DrawText(caption, left, top + tileHeight * scale + 13, font, text);
            }
        }
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
