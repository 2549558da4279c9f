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
        _tiles.Add((Shades(pixels, inverted), caption, captionColor ?? SKColors.Black));
    }

    /// <summary>
    /// Each value as a shade from 0 (white) to 1 (black), stretched over the values' range: the
    /// maximum black and the minimum white when <paramref name="inverted"/> (matplotlib's gray_r,
    /// the book's usual colour map), else the maximum white (gray).
    /// </summary>
    public static float[] Shades(ReadOnlySpan<float> pixels, bool inverted)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (float v in pixels) { min = Math.Min(min, v); max = Math.Max(max, v); }
        float range = max > min ? max - min : 1;
        var shades = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            float shade = (pixels[i] - min) / range;
            shades[i] = inverted ? shade : 1 - shade;
        }
        return shades;
    }

    /// <summary>Draws <paramref name="shades"/> (0 white, 1 black) as squares of <paramref name="scale"/> pixels with hard edges.</summary>
    public static void DrawTile(SKCanvas canvas, ReadOnlySpan<float> shades, int width, int height, int left, int top, int scale)
    {
        using var paint = new SKPaint { IsAntialias = false };
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte level = (byte)Math.Round(255 * (1 - shades[y * width + x]));
                paint.Color = new SKColor(level, level, level);
                canvas.DrawRect(left + x * scale, top + y * scale, scale, scale, paint);
            }
        }
    }

    /// <summary>Writes <paramref name="bitmap"/> as a PNG, creating the folder.</summary>
    public static void SavePng(SKBitmap bitmap, string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
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
                DrawTile(canvas, shades, tileWidth, tileHeight, left, top, scale);
                if (caption is null) continue;
                text.Color = color;
                canvas.DrawText(caption, left, top + tileHeight * scale + 13, font, text);
            }
        }
        SavePng(bitmap, path);
    }
}
