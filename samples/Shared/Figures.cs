using System.CommandLine;
using ScottPlot;

namespace ModelGen.Samples;

/// <summary>
/// Where the book's figures go and how they are written: PNG files under one folder
/// (runs/figures unless --out says otherwise), named after the book's figure number so that a
/// reader holding the book finds them, e.g. fig6-09-optimizer-compare-mnist.png.
/// </summary>
public static class Figures
{
    /// <summary>The folder every command writes its figures to unless told otherwise; .gitignore covers runs/.</summary>
    public const string DefaultFolder = "runs/figures";

    /// <summary>--out: the folder for this command's PNG files.</summary>
    public static Option<string> Out() => new("--out")
    {
        Description = $"Folder for the PNG figures. Default: {DefaultFolder}.",
        DefaultValueFactory = _ => DefaultFolder,
    };

    /// <summary>Writes <paramref name="plot"/> as <paramref name="fileName"/> in <paramref name="folder"/> and returns the full path.</summary>
    public static string Save(ScottPlot.Plot plot, string folder, string fileName, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(plot);
        string path = PathFor(folder, fileName);
        plot.SavePng(path, width, height);
        return path;
    }

    /// <summary>Writes a grid of plots (the book's subplots) and returns the full path.</summary>
    public static string Save(ScottPlot.Multiplot plots, string folder, string fileName, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plots);
        string path = PathFor(folder, fileName);
        plots.SavePng(path, width, height);
        return path;
    }

    /// <summary>
    /// Writes <paramref name="plots"/> as a grid of <paramref name="columns"/> columns, each
    /// cell <paramref name="cellWidth"/> x <paramref name="cellHeight"/> pixels, row by row (the
    /// book's subplots), under an optional title, and returns the full path.
    /// </summary>
    public static string SaveGrid(IReadOnlyList<Plot> plots, int columns, string folder, string fileName, int cellWidth, int cellHeight, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(plots);
        int rows = (plots.Count + columns - 1) / columns;
        int titleHeight = title is null ? 0 : 40;
        var info = new SkiaSharp.SKImageInfo(columns * cellWidth, rows * cellHeight + titleHeight);
        using var surface = SkiaSharp.SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SkiaSharp.SKColors.White);
        if (title is not null)
        {
            using var font = new SkiaSharp.SKFont(SkiaSharp.SKTypeface.Default, 22);
            // A long title over few cells (a machine's name over two panels) is set smaller
            // rather than cut off at both edges.
            float width = font.MeasureText(title);
            if (width > info.Width - 20)
            {
                font.Size = 22 * (info.Width - 20) / width;
            }

            using var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Black, IsAntialias = true };
            canvas.DrawText(title, info.Width / 2f, 28, SkiaSharp.SKTextAlign.Center, font, paint);
        }
        for (int i = 0; i < plots.Count; i++)
        {
            // Each plot on a surface of its own: a plot paints its whole canvas when it renders.
            using var cell = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(cellWidth, cellHeight));
            plots[i].Render(cell);
            using var picture = cell.Snapshot();
            canvas.DrawImage(picture, i % columns * cellWidth, titleHeight + i / columns * cellHeight);
        }
        string path = PathFor(folder, fileName);
        using var image = surface.Snapshot();
        using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
        return path;
    }

    /// <summary>The full path of <paramref name="fileName"/> in <paramref name="folder"/>, creating the folder.</summary>
    public static string PathFor(string folder, string fileName)
    {
        string full = Path.GetFullPath(Path.Combine(folder, fileName));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}
