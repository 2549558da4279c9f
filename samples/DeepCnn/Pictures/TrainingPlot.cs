using ModelGen.Samples.DeepCnn.Commands;

namespace ModelGen.Samples.DeepCnn.Pictures;

/// <summary>Loss and test accuracy per epoch, one above the other, as the book plots its runs.</summary>
internal static class TrainingPlot
{
    public static void Write(string path, string title, IReadOnlyList<EpochRecord> history)
    {
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(2);
        var loss = multiplot.GetPlot(0);
        loss.Add.Scatter(epochs, history.Select(h => h.Loss).ToArray());
        loss.Title($"{title}: training loss");
        loss.YLabel("mean loss");
        var accuracy = multiplot.GetPlot(1);
        accuracy.Add.Scatter(epochs, history.Select(h => h.TestAccuracy).ToArray());
        accuracy.Title($"test accuracy, last {history[^1].TestAccuracy:F4}");
        accuracy.XLabel("epoch");
        accuracy.YLabel("accuracy");
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        multiplot.SavePng(path, 640, 720);
    }
}
