using System.CommandLine;
using ModelGen.Optimizers;
using ScottPlot;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.2.4, figure 6-15 (ch06/weight_init_compare.py): the 5-layer ReLU network trained
/// from three initialisations, Gaussian with std 0.01, Xavier and He, with SGD lr 0.01 on the
/// same random mini-batches of 128 for 2,000 iterations; the smoothed loss curves. One declared
/// network, <see cref="FiveLayerNet"/>, redrawn at run time (<see cref="Initialization.Redraw"/>).
/// The book: std 0.01 does not learn at all, He learns faster than Xavier.
/// </summary>
internal static class WeightInitCompareCommand
{
    public static Command Create() => LossComparisonCommand.Create(new LossComparisonSpec
    {
        Name = "weight-init-compare",
        Description = "std 0.01, Xavier and He initialisation of the 5-layer ReLU network on MNIST: loss curves (chapter 6.2.4, figure 6-15).",
        SetUp = (seed, iterations) => $"FiveLayerNet (784-100-100-100-100-10, ReLU), SGD lr 0.01, batch {FiveLayerNet.BatchSize}, {iterations:N0} iterations, seed {seed}",
        Heading = "initialisation",
        Runs = seed =>
        [
            new("std=0.01", Redrawn(WeightInit.Gaussian, seed), new Sgd(0.01f), MarkerShape.FilledCircle),
            new("Xavier", Redrawn(WeightInit.Xavier, seed), new Sgd(0.01f), MarkerShape.FilledSquare),
            new("He", Redrawn(WeightInit.He, seed), new Sgd(0.01f), MarkerShape.FilledDiamond),
        ],
        Figure = ("6-15", "fig6-15-weight-init-compare.png", "Figure 6-15: weight initialisation on MNIST"),
        YMax = 2.5,
        Legend = Alignment.MiddleRight,
        Judge = curves => curves.Final(2) < curves.Final(1) && curves.Final(1) < curves.Final(0)
            ? (true, "[green]He below Xavier below std=0.01[/], as in the book (\"std=0.01 does not learn at all; He learns faster than Xavier\").")
            : (false, "[yellow]The order differs from the book's[/] (He below Xavier below std=0.01)."),
    });

    /// <summary>A network whose weights are drawn again by <paramref name="init"/> (std 0.01 for Gaussian), from the same seed for each.</summary>
    private static FiveLayerNet Redrawn(WeightInit init, int seed)
    {
        var network = new FiveLayerNet(seed);
        Initialization.Redraw(network, init, seed, std: 0.01);
        return network;
    }
}
