using System.CommandLine;
using ModelGen.Optimizers;
using ScottPlot;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.2.4, figure 6-15 (ch06/weight_init_compare.py): the 5-layer ReLU network trained
/// from three initialisations, Gaussian with std 0.01, Xavier and He, with SGD lr 0.01 on the
/// same random mini-batches of 128 for 2,000 iterations; the smoothed loss curves. One declared
/// network, <see cref="FiveLayerNet"/>, redrawn at run time (<see cref="Initialization.Redraw"/>).
/// </summary>
internal static class WeightInitCompareCommand
{
    public static Command Create()
    {
        var iterations = new Option<int>("--iterations") { Description = "Training iterations (the book's 2,000).", DefaultValueFactory = _ => 2000 };
        var data = CommonOptions.Data();
        var output = Figures.Out();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command("weight-init-compare", "std 0.01, Xavier and He initialisation of the 5-layer ReLU network on MNIST: loss curves (chapter 6.2.4, figure 6-15).")
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
        LossRun[] runs =
        [
            new("std=0.01", Redrawn(WeightInit.Gaussian, seed), new Sgd(0.01f), MarkerShape.FilledCircle),
            new("Xavier", Redrawn(WeightInit.Xavier, seed), new Sgd(0.01f), MarkerShape.FilledSquare),
            new("He", Redrawn(WeightInit.He, seed), new Sgd(0.01f), MarkerShape.FilledDiamond),
        ];
        console.Out.MarkupLineInterpolated($"FiveLayerNet (784-100-100-100-100-10, ReLU), SGD lr 0.01, batch {FiveLayerNet.BatchSize}, {iterations:N0} iterations, seed {seed}");
        var losses = LossComparison.Train(console.Out, runs, mnist.Train, iterations, new Rng(seed));
        var smoothed = losses.Select(LossComparison.Smooth).ToArray();

        var table = new Table().AddColumns("initialisation", "final smoothed loss", "last loss");
        for (int r = 0; r < runs.Length; r++) table.AddRow(runs[r].Name, $"{smoothed[r][^1]:F4}", $"{losses[r][^1]:F4}");
        console.Out.Write(table);
        double small = smoothed[0][^1], xavier = smoothed[1][^1], he = smoothed[2][^1];
        bool asBook = he < xavier && xavier < small;
        console.Out.MarkupLine(asBook
            ? "[green]He below Xavier below std=0.01[/], as in the book (\"std=0.01 does not learn at all; He learns faster than Xavier\")."
            : "[yellow]The order differs from the book's[/] (He below Xavier below std=0.01).");

        var plot = LossComparison.Plot(runs, smoothed, yMax: 2.5, $"Figure 6-15: weight initialisation on MNIST, seed {seed}", Alignment.MiddleRight);
        string path = Figures.Save(plot, output, "fig6-15-weight-init-compare.png");
        console.Out.MarkupLineInterpolated($"figure 6-15: {path}");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Iterations = iterations,
                Seed = seed,
                FinalSmoothedLoss = runs.Select((run, r) => (run.Name, smoothed[r][^1])).ToDictionary(p => p.Name, p => p.Item2),
                OrderAsBook = asBook,
                Figure = path,
            });
        }
        return 0;
    }

    /// <summary>A network whose weights are drawn again by <paramref name="init"/> (std 0.01 for Gaussian), from the same seed for each.</summary>
    private static FiveLayerNet Redrawn(WeightInit init, int seed)
    {
        var network = new FiveLayerNet(seed);
        Initialization.Redraw(network, init, seed, std: 0.01);
        return network;
    }
}
