using System.CommandLine;
using ModelGen.Optimizers;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.1.8, figure 6-9 (ch06/optimizer_compare_mnist.py): the 5-layer ReLU network
/// (<see cref="FiveLayerNet"/>) trained with SGD, Momentum, AdaGrad and Adam at the book's
/// default settings, every optimizer on the same mini-batch of 128 drawn at random each
/// iteration, for 2,000 iterations; the smoothed loss curves, as the book draws them. The four
/// networks start from the same weights.
/// </summary>
internal static class OptimizerCompareMnistCommand
{
    public static Command Create()
    {
        var iterations = new Option<int>("--iterations") { Description = "Training iterations (the book's 2,000).", DefaultValueFactory = _ => 2000 };
        var data = CommonOptions.Data();
        var output = Figures.Out();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command("optimizer-compare-mnist", "SGD, Momentum, AdaGrad and Adam training the 5-layer network on MNIST: loss curves (chapter 6.1.8, figure 6-9).")
        {
            iterations, data, output, json, seed,
        };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(iterations), r.GetValue(data), r.GetValue(output)!, r.GetValue(json), r.GetValue(seed))));
        return command;
    }

    private static int Run(int iterations, string? dataDirectory, string output, bool json, int seed)
    {
        if (iterations < 1) throw new ArgumentException($"--iterations must be at least 1, not {iterations}.");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        // The book's defaults (common/optimizer.py): SGD lr 0.01, Momentum lr 0.01 and 0.9,
        // AdaGrad lr 0.01, Adam lr 0.001 with β1 0.9 and β2 0.999.
        LossRun[] runs =
        [
            new("SGD", new FiveLayerNet(seed), new Sgd(0.01f), MarkerShape.FilledCircle),
            new("Momentum", new FiveLayerNet(seed), new Momentum(0.01f, 0.9f), MarkerShape.Eks),
            new("AdaGrad", new FiveLayerNet(seed), new AdaGrad(0.01f), MarkerShape.FilledSquare),
            new("Adam", new FiveLayerNet(seed), new Adam(0.001f), MarkerShape.FilledDiamond),
        ];
        console.Out.MarkupLineInterpolated($"FiveLayerNet (784-100-100-100-100-10, ReLU, He): {FiveLayerNet.ParameterCount:N0} parameters, batch {FiveLayerNet.BatchSize}, {iterations:N0} iterations, seed {seed}");
        var losses = LossComparison.Train(console.Out, runs, mnist.Train, iterations, new Rng(seed));
        var smoothed = losses.Select(LossComparison.Smooth).ToArray();

        var table = new Table().AddColumns("optimizer", "final smoothed loss", "last loss");
        for (int r = 0; r < runs.Length; r++) table.AddRow(runs[r].Name, $"{smoothed[r][^1]:F4}", $"{losses[r][^1]:F4}");
        console.Out.Write(table);
        double sgd = smoothed[0][^1];
        bool ordered = smoothed.Skip(1).All(s => s[^1] < sgd);
        console.Out.MarkupLine(ordered
            ? "[green]Momentum, AdaGrad and Adam all end below SGD[/], as in the book (\"the other three learn faster than SGD\")."
            : "[yellow]Not every adaptive method ends below SGD[/] in this run; the book's figure shows all three below it.");

        var plot = LossComparison.Plot(runs, smoothed, yMax: 1, $"Figure 6-9: optimizers on MNIST, seed {seed}", Alignment.UpperRight);
        string path = Figures.Save(plot, output, "fig6-09-optimizer-compare-mnist.png");
        console.Out.MarkupLineInterpolated($"figure 6-9: {path}");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Iterations = iterations,
                Seed = seed,
                FinalSmoothedLoss = runs.Select((run, r) => (run.Name, smoothed[r][^1])).ToDictionary(p => p.Name, p => p.Item2),
                AdaptiveBelowSgd = ordered,
                Figure = path,
            });
        }
        return 0;
    }
}
