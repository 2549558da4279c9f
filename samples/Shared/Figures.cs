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

    /// <summary>The full path of <paramref name="fileName"/> in <paramref name="folder"/>, creating the folder.</summary>
    public static string PathFor(string folder, string fileName)
    {
        string full = Path.GetFullPath(Path.Combine(folder, fileName));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}
