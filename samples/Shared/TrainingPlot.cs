namespace ModelGen.Samples;

/// <summary>Training loss (left axis) and test accuracy (right axis) per epoch, as the book plots its runs.</summary>
public static class TrainingPlot
{
    public static void Write(string path, string title, IReadOnlyList<EpochRecord> history)
    {
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        var plot = new ScottPlot.Plot();
        var loss = plot.Add.Scatter(epochs, history.Select(h => h.Loss).ToArray());
        loss.LegendText = "training loss";
        var accuracy = plot.Add.Scatter(epochs, history.Select(h => h.TestAccuracy).ToArray());
        accuracy.LegendText = "test accuracy";
        accuracy.Axes.YAxis = plot.Axes.Right;
        plot.Title($"{title}: test accuracy {history[^1].TestAccuracy:F4} after epoch {history[^1].Epoch}");
        plot.XLabel("epoch");
        // Whole epochs only: with a few epochs the default ticks fall between them (1.1, 1.2, ...).
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(Math.Max(1, Math.Ceiling(epochs.Length / 20.0)));
        plot.Axes.Left.Label.Text = "mean training loss";
        plot.Axes.Right.Label.Text = "test accuracy";
        plot.ShowLegend(ScottPlot.Alignment.MiddleRight);
        plot.SavePng(Figures.PathFor(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path)), 800, 500);
    }
}

/// <summary>One epoch's figures, for the plot and the checkpoint's history.</summary>
public sealed record EpochRecord(int Epoch, double Loss, double TestAccuracy);
