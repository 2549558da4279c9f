using System.CommandLine;
using ModelGen.Samples.DeepCnn.Pictures;
using SkiaSharp;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Chapter 8.1.2: the test images the network gets wrong, each captioned "label → predicted".
/// With the book's DeepConvNet weights there are 65 of them.
/// </summary>
internal static class MisclassifiedCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var weights = new Option<string?>("--weights") { Description = "Trained parameters or a checkpoint. Default: the book's published weights." };
        var output = Figures.Out();
        var limit = new Option<int>("--limit") { Description = "Draw at most this many images.", DefaultValueFactory = _ => 100 };
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("misclassified", "Draw the misclassified test images with their true and predicted labels (chapter 8.1.2, figure 8-3, ch08/misclassified_mnist.py).")
        {
            model, weights, output, limit, data, json,
        };
        command.SetAction(r => SampleConsole.Run(() => Run(Model.Named(r.GetValue(model)!), r.GetValue(weights), r.GetValue(output)!, r.GetValue(limit), r.GetValue(data), r.GetValue(json))));
        return command;
    }

    private static int Run(Model model, string? weightsPath, string folder, int limit, string? dataDirectory, bool json)
    {
        weightsPath = model.WeightsOrBook(weightsPath);
        string output = Figures.PathFor(folder, model == Model.Deep ? "fig8-03-misclassified.png" : $"{model.Name}-misclassified.png");
        var console = new SampleConsole(json);
        var test = console.LoadMnist(dataDirectory, flatten: false).Test;
        var network = model.Create(0);
        Serialization.ParameterFile.Load(network, weightsPath);
        var predictions = Training.Evaluation.Predict(network, test);
        var wrong = Enumerable.Range(0, test.Count).Where(i => predictions[i] != test.Labels[i]).ToList();
        if (wrong.Count == 0)
        {
            console.Out.MarkupLine("no test image is misclassified: nothing to draw");
            if (json) SampleConsole.WriteJsonLine(new { Model = model.Name, Weights = weightsPath, Misclassified = 0, Drawn = 0, Figure = (string?)null });
            return 0;
        }
        var grid = new ImageGrid(28, 28, columns: 10, scale: 2);
        foreach (int i in wrong.Take(limit))
            grid.Add(test.InputSpan(i, 1), $"{test.Labels[i]}→{predictions[i]}", inverted: true, captionColor: SKColors.DarkRed);
        grid.Save(output, $"{model.Title}: {wrong.Count} of {test.Count:N0} test images misclassified (label→predicted)");
        console.Out.MarkupLineInterpolated($"{wrong.Count} misclassified; drew {grid.Count} in {output}");
        if (json) SampleConsole.WriteJsonLine(new { Model = model.Name, Weights = weightsPath, Misclassified = wrong.Count, Drawn = grid.Count, Figure = output });
        return 0;
    }
}
