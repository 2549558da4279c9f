using System.CommandLine;
using ModelGen.Optimizers;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.4.1-6.4.2, figures 6-20 and 6-21 (ch06/overfit_weight_decay.py): the 7-layer ReLU
/// network (<see cref="SevenLayerNet"/>) trained on only the first 300 training images, SGD lr
/// 0.01, batches of 100 drawn at random, 201 epochs; training and test accuracy after each
/// epoch. Without weight decay (6-20) the training accuracy reaches 1 while the test accuracy
/// stays far below; with λ = 0.1 (6-21) the gap narrows and training stops short of 1.
/// </summary>
internal static class OverfitWeightDecayCommand
{
    /// <summary>The training images the book keeps, to make the network overfit.</summary>
    public const int TrainingImages = 300;

    public static Command Create()
    {
        var weightDecay = new Option<float?>("--weight-decay") { Description = "λ of the weight decay ½λ‖W‖². Default: both of the book's runs, 0 (figure 6-20) and 0.1 (figure 6-21)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs (the book's 201).", DefaultValueFactory = _ => 201 };
        var data = CommonOptions.Data();
        var output = Figures.Out();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command("overfit-weight-decay", "Overfitting 300 images with the 7-layer network, without and with weight decay: accuracy curves (chapter 6.4, figures 6-20 and 6-21).")
        {
            weightDecay, epochs, data, output, json, seed,
        };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(weightDecay), r.GetValue(epochs), r.GetValue(data), r.GetValue(output)!, r.GetValue(json), r.GetValue(seed))));
        return command;
    }

    private static int Run(float? weightDecay, int epochs, string? dataDirectory, string output, bool json, int seed)
    {
        if (epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {epochs}.");
        if (weightDecay is < 0 or float.NaN or float.PositiveInfinity) throw new ArgumentException($"--weight-decay must be 0 or more, not {weightDecay}.");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        var train = mnist.Train.Slice(0, TrainingImages);
        float[] lambdas = weightDecay is float λ ? [λ] : [0f, 0.1f];
        console.Out.MarkupLineInterpolated($"SevenLayerNet (784, 6 x 100 ReLU, 10; He): {TrainingImages} training images, SGD lr 0.01, batch {SevenLayerNet.BatchSize}, {epochs} epochs, seed {seed}");

        var table = new Table().AddColumns("weight decay λ", "train acc", "test acc", "gap (train - test)");
        var runs = new List<object>();
        foreach (float lambda in lambdas)
        {
            var optimizer = new Sgd(0.01f) { WeightDecay = lambda };
            var curves = BookTraining.Train(console.Out, $"λ = {lambda}", new SevenLayerNet(seed), optimizer, train, mnist.Test, epochs, new Rng(seed));
            string number = lambda == 0 ? "6-20" : "6-21";
            var plot = new ScottPlot.Plot();
            BookTraining.Draw(plot, curves, $"Figure {number}: {TrainingImages} images, weight decay λ = {lambda}");
            string path = Figures.Save(plot, output, $"fig{number}-overfit-weight-decay.png");
            table.AddRow($"{lambda}", $"{curves.Train[^1]:F4}", $"{curves.Test[^1]:F4}", $"{curves.Gap:F4}");
            console.Out.MarkupLineInterpolated($"figure {number}: {path}");
            runs.Add(new { WeightDecay = lambda, TrainAccuracy = curves.Train[^1], TestAccuracy = curves.Test[^1], curves.Gap, Figure = path });
        }
        console.Out.Write(table);
        console.Out.MarkupLine("The book: without decay the training accuracy is almost 1 after about 100 epochs while the test accuracy stays well below; with λ = 0.1 the gap is smaller and training does not reach 1.");
        if (json) SampleConsole.WriteJsonLine(new { Epochs = epochs, Seed = seed, Runs = runs });
        return 0;
    }
}
