using System.CommandLine;
using ModelGen.Samples.DeepCnn.Pictures;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Chapter 7.6: the first convolution's filters as pictures, before training (random noise)
/// and after (edge and blob detectors), drawn with the book's colour map (dark = large).
/// </summary>
internal static class FiltersCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create("simple");
        var weights = new Option<string?>("--weights") { Description = "Trained parameters or a checkpoint. Default: the book's published weights." };
        var output = Figures.Out();
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var command = new Command("filters", "Draw the first layer's filters before and after training as PNG grids (chapter 7.6, figure 7-24, ch07/visualize_filter.py).")
        {
            model, weights, output, seed, json,
        };
        command.SetAction(r => SampleConsole.Run(() => Run(Model.Named(r.GetValue(model)!), r.GetValue(weights), r.GetValue(output)!, r.GetValue(seed), r.GetValue(json))));
        return command;
    }

    private static int Run(Model model, string? weightsPath, string folder, int seed, bool json)
    {
        weightsPath = model.WeightsOrBook(weightsPath);
        var console = new SampleConsole(json);
        var before = model.Create(seed);
        var after = model.Create(seed);
        Serialization.ParameterFile.Load(after, weightsPath);
        string stem = model == Model.Simple ? "fig7-24-visualize-filter" : $"{model.Name}-filters";
        string beforePath = Figures.PathFor(folder, $"{stem}-before.png");
        string afterPath = Figures.PathFor(folder, $"{stem}-after.png");
        Draw(before.Parameters[0], beforePath, $"{model.Name}: conv1 filters at initialisation");
        Draw(after.Parameters[0], afterPath, $"{model.Name}: conv1 filters, {Path.GetFileName(weightsPath)}");
        console.Out.MarkupLineInterpolated($"wrote {beforePath} and {afterPath}");
        if (json) SampleConsole.WriteJsonLine(new { Model = model.Name, Weights = weightsPath, Filters = after.Parameters[0].Shape[0], Before = beforePath, After = afterPath });
        return 0;
    }

    /// <summary>One tile per filter, first input channel (conv1 has one).</summary>
    private static void Draw(Parameter weights, string path, string title)
    {
        int filters = weights.Shape[0], channels = weights.Shape[1], size = weights.Shape[2];
        var grid = new ImageGrid(size, size, columns: Math.Min(filters, 10), scale: Math.Max(4, 60 / size));
        for (int f = 0; f < filters; f++)
            grid.Add(weights.Value.AsSpan(f * channels * size * size, size * size), inverted: true);
        grid.Save(path, title);
    }
}
