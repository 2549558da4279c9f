using System.CommandLine;
using ModelGen.Optimizers;
using ScottPlot;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.1.8, figure 6-9 (ch06/optimizer_compare_mnist.py): the 5-layer ReLU network
/// (<see cref="FiveLayerNet"/>) trained with SGD, Momentum, AdaGrad and Adam at the book's
/// default settings, every optimizer on the same mini-batch of 128 drawn at random each
/// iteration, for 2,000 iterations; the smoothed loss curves, as the book draws them. The four
/// networks start from the same weights. The book: the other three learn faster than SGD.
/// </summary>
internal static class OptimizerCompareMnistCommand
{
    public static Command Create() => LossComparisonCommand.Create(new LossComparisonSpec
    {
        Name = "optimizer-compare-mnist",
        Description = "SGD, Momentum, AdaGrad and Adam training the 5-layer network on MNIST: loss curves (chapter 6.1.8, figure 6-9).",
        SetUp = (seed, iterations) => $"FiveLayerNet (784-100-100-100-100-10, ReLU, He): {FiveLayerNet.ParameterCount:N0} parameters, batch {FiveLayerNet.BatchSize}, {iterations:N0} iterations, seed {seed}",
        Heading = "optimizer",
        // The book's defaults (common/optimizer.py): SGD lr 0.01, Momentum lr 0.01 and 0.9,
        // AdaGrad lr 0.01, Adam lr 0.001 with β1 0.9 and β2 0.999.
        Runs = seed =>
        [
            new("SGD", new FiveLayerNet(seed), new Sgd(0.01f), MarkerShape.FilledCircle),
            new("Momentum", new FiveLayerNet(seed), new Momentum(0.01f, 0.9f), MarkerShape.Eks),
            new("AdaGrad", new FiveLayerNet(seed), new AdaGrad(0.01f), MarkerShape.FilledSquare),
            new("Adam", new FiveLayerNet(seed), new Adam(0.001f), MarkerShape.FilledDiamond),
        ],
        Figure = ("6-9", "fig6-09-optimizer-compare-mnist.png", "Figure 6-9: optimizers on MNIST"),
        YMax = 1,
        Legend = Alignment.UpperRight,
        Judge = curves => Enumerable.Range(1, curves.Runs.Count - 1).All(r => curves.Final(r) < curves.Final(0))
            ? (true, "[green]Momentum, AdaGrad and Adam all end below SGD[/], as in the book (\"the other three learn faster than SGD\").")
            : (false, "[yellow]Not every adaptive method ends below SGD[/] in this run; the book's figure shows all three below it."),
    });
}
