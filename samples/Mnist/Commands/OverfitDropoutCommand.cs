using System.CommandLine;
using ModelGen.Optimizers;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.4.3, figure 6-23 (ch06/overfit_dropout.py): the 7-layer ReLU network on the first
/// 300 training images with the book's Trainer settings (301 epochs, SGD lr 0.01, batches of 100
/// drawn at random), without Dropout (left) and with Dropout(0.2) after every hidden ReLU
/// (<see cref="SevenLayerDropoutNet"/>, right). The same set-up with weight decay λ = 0.1 runs
/// too, so that the three train-test gaps compare on one footing: no regularisation, weight
/// decay, Dropout.
/// </summary>
internal static class OverfitDropoutCommand
{
    public static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "Epochs (the book's 301).", DefaultValueFactory = _ => 301 };
        var data = CommonOptions.Data();
        var output = Figures.Out();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command("overfit-dropout", "Overfitting 300 images with the 7-layer network, without and with Dropout(0.2), and with weight decay 0.1: accuracy curves and train-test gaps (chapter 6.4.3, figure 6-23).")
        {
            epochs, data, output, json, seed,
        };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(epochs), r.GetValue(data), r.GetValue(output)!, r.GetValue(json), r.GetValue(seed))));
        return command;
    }

    private static int Run(int epochs, string? dataDirectory, string output, bool json, int seed)
    {
        if (epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {epochs}.");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        var train = mnist.Train.Slice(0, OverfitWeightDecayCommand.TrainingImages);
        console.Out.MarkupLineInterpolated($"7-layer network (784, 6 x 100 ReLU, 10; He): {train.Count} training images, SGD lr 0.01, batch {SevenLayerNet.BatchSize}, {epochs} epochs, seed {seed}");

        (string Name, ITrainableNetwork Network, float WeightDecay)[] setups =
        [
            ("no regularisation", new SevenLayerNet(seed), 0f),
            ("weight decay 0.1", new SevenLayerNet(seed), 0.1f),
            ("Dropout 0.2", new SevenLayerDropoutNet(seed), 0f),
        ];
        var curves = setups.Select(s => BookTraining.Train(
            console.Out, s.Name, s.Network, new Sgd(0.01f) { WeightDecay = s.WeightDecay }, train, mnist.Test, epochs, new Rng(seed))).ToArray();

        var figure = new Multiplot();
        figure.AddPlots(2);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(1, 2);
        BookTraining.Draw(figure.GetPlot(0), curves[0], "without Dropout");
        BookTraining.Draw(figure.GetPlot(1), curves[2], "with Dropout (ratio 0.2)");
        string path = Figures.Save(figure, output, "fig6-23-overfit-dropout.png", 1200, 500);

        var table = new Table().AddColumns("set-up", "train acc", "test acc", "gap (train - test)");
        for (int i = 0; i < setups.Length; i++) table.AddRow(setups[i].Name, $"{curves[i].Train[^1]:F4}", $"{curves[i].Test[^1]:F4}", $"{curves[i].Gap:F4}");
        console.Out.Write(table);
        bool smaller = curves[1].Gap < curves[0].Gap && curves[2].Gap < curves[0].Gap;
        console.Out.MarkupLine(smaller
            ? "[green]Both weight decay and Dropout narrow the gap[/], as in the book (figures 6-21 and 6-23)."
            : "[yellow]A regularised gap is not smaller than the unregularised one[/] in this run; the book's are.");
        console.Out.MarkupLineInterpolated($"figure 6-23: {path}");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Epochs = epochs,
                Seed = seed,
                Runs = setups.Select((s, i) => new { SetUp = s.Name, TrainAccuracy = curves[i].Train[^1], TestAccuracy = curves[i].Test[^1], curves[i].Gap }),
                RegularisedGapsSmaller = smaller,
                Figure = path,
            });
        }
        return 0;
    }
}
