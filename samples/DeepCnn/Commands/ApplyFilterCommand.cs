using System.CommandLine;
using ModelGen.Kernels;
using ModelGen.Samples.DeepCnn.Pictures;
using SkiaSharp;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Chapter 7.6.1, figure 7-25, the book's ch07/apply_filter.py: SimpleConvNet's learned
/// first-layer filters convolved (bias 0, as the book) with an image, so that one sees what
/// they detect: edges of one orientation, blobs. The book uses a photograph we do not have; this
/// uses an MNIST test digit and a drawn test pattern (a square, a disk, a triangle, a diagonal
/// bar), and for contrast the same filters at initialisation, which respond without pattern.
/// </summary>
internal static class ApplyFilterCommand
{
    private const int PatternSize = 40;

    public static Command Create()
    {
        var weights = new Option<string?>("--weights") { Description = "SimpleConvNet parameters (.npz, book layout). Default: the book's published weights (its params.pkl)." };
        var index = new Option<int>("--index") { Description = "The MNIST test image to filter.", DefaultValueFactory = _ => 0 };
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var output = Figures.Out();
        var json = CommonOptions.Json();
        var command = new Command("apply-filter",
            "Apply SimpleConvNet's 30 learned conv1 filters, and the same at initialisation, to a digit and a test pattern (chapter 7.6.1, figure 7-25, ch07/apply_filter.py).")
        { weights, index, data, seed, output, json };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(weights), r.GetValue(index), r.GetValue(data), r.GetValue(seed), r.GetValue(output)!, r.GetValue(json))));
        return command;
    }

    private static int Run(string? weightsPath, int index, string? dataDirectory, int seed, string folder, bool json)
    {
        weightsPath = Model.Simple.WeightsOrBook(weightsPath);
        var console = new SampleConsole(json);
        var test = console.LoadMnist(dataDirectory, flatten: false).Test;
        if (index < 0 || index >= test.Count) throw new ArgumentException($"--index must be between 0 and {test.Count - 1}, not {index}.");

        var initial = new SimpleConvNet(seed);
        var learned = new SimpleConvNet(seed);
        Serialization.ParameterFile.Load(learned, weightsPath);
        var filterSets = new[]
        {
            ($"learned: {Path.GetFileName(weightsPath)} (the right of figure 7-24)", learned.W1),
            ($"at initialisation: Gaussian, std 0.01, seed {seed} (the left of figure 7-24)", initial.W1),
        };

        var digit = new GrayImage(test.InputSpan(index, 1).ToArray(), 28, 28);
        var inputs = new[]
        {
            ("digit", digit, $"test image {index}", $"MNIST test image {index} (label {test.Labels[index]})"),
            ("shapes", Pattern(), "test pattern", $"a drawn test pattern ({PatternSize}x{PatternSize})"),
        };

        var paths = new List<string>();
        foreach (var (name, image, caption, description) in inputs)
        {
            var sheet = new FilterResponseSheet(image, caption, FilterSize, columns: 10);
            foreach (var (heading, weights) in filterSets)
                sheet.AddSection(heading, Respond(image, weights));
            string path = Figures.PathFor(folder, $"fig7-25-apply-filter-{name}.png");
            sheet.Save(path,
            [
                $"Figure 7-25 (ch07/apply_filter.py): SimpleConvNet's {Filters} conv1 filters applied to {description}",
                "each filter (5x5) beside its output; bias 0 as in the book; gray_r: dark = large, every tile stretched to its own range",
            ]);
            console.Out.MarkupLineInterpolated($"wrote {path}");
            paths.Add(path);
        }
        if (json) SampleConsole.WriteJsonLine(new { Weights = weightsPath, Index = index, Label = test.Labels[index], Figures = paths });
        return 0;
    }

    private const int Filters = 30, FilterSize = 5;

    /// <summary>Each filter with its response to <paramref name="image"/>: the runtime's convolution, stride 1, no padding, bias 0.</summary>
    private static IEnumerable<(float[] Filter, GrayImage Response)> Respond(GrayImage image, float[] weights)
    {
        var shape = new ConvShape(Channels: 1, image.Height, image.Width, Filters, FilterSize, Stride: 1, Pad: 0);
        var output = new float[shape.OutputSize];
        var workspace = new float[Conv2D.WorkspaceSize(shape, 1)];
        Conv2D.Forward(image.Pixels, weights, new float[Filters], output, workspace, shape, 1);
        int plane = shape.OutHeight * shape.OutWidth, patch = FilterSize * FilterSize;
        for (int f = 0; f < Filters; f++)
            yield return (weights.AsSpan(f * patch, patch).ToArray(), new GrayImage(output.AsSpan(f * plane, plane).ToArray(), shape.OutWidth, shape.OutHeight));
    }

    /// <summary>
    /// White shapes on black, as MNIST's ink is 1 on 0: a square (vertical and horizontal edges),
    /// a disk (every orientation), a triangle and a diagonal bar (slanted edges), anti-aliased.
    /// </summary>
    private static GrayImage Pattern()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(PatternSize, PatternSize, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Black);
            using var fill = new SKPaint { IsAntialias = true, Color = SKColors.White, Style = SKPaintStyle.Fill };
            canvas.DrawRect(4, 4, 13, 13, fill);
            canvas.DrawCircle(28.5f, 10.5f, 7, fill);
            using var triangle = new SKPath();
            triangle.MoveTo(4, 36);
            triangle.LineTo(18, 36);
            triangle.LineTo(11, 22);
            triangle.Close();
            canvas.DrawPath(triangle, fill);
            using var bar = new SKPaint { IsAntialias = true, Color = SKColors.White, Style = SKPaintStyle.Stroke, StrokeWidth = 3 };
            canvas.DrawLine(23, 23, 36, 36, bar);
        }
        var pixels = new float[PatternSize * PatternSize];
        for (int y = 0; y < PatternSize; y++)
            for (int x = 0; x < PatternSize; x++)
                pixels[y * PatternSize + x] = bitmap.GetPixel(x, y).Red / 255f;
        return new GrayImage(pixels, PatternSize, PatternSize);
    }
}
