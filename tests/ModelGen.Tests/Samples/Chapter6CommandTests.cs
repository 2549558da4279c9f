using System.Text.Json;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>
/// The chapter 6 experiments without Batch Normalization, each run as a process in a quick mode
/// (few iterations, epochs or trials): their figures are written and their key numbers have the
/// book's shape.
/// </summary>
public sealed class Chapter6CommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-ch6-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private JsonElement Run(params string[] arguments) => SampleRunner.Run("mnist", _folder, [.. arguments, "--out", _folder]);

    [Fact]
    public void Optimizer_compare_naive_ends_every_path_near_the_minimum_where_the_books_script_ends()
    {
        var summary = Run("optimizer-compare-naive");
        var ends = summary.GetProperty("end_points").EnumerateArray().ToArray();
        Assert.Equal(["SGD", "Momentum", "AdaGrad", "Adam"], ends.Select(e => e.GetProperty("optimizer").GetString()));
        foreach (var end in ends)
        {
            double x = end.GetProperty("x").GetDouble(), y = end.GetProperty("y").GetDouble();
            Assert.True(Math.Sqrt(x * x + y * y) < 1, $"{end} ends {Math.Sqrt(x * x + y * y):F3} from (0, 0), having started 7.3 away.");
            // float32 against the book's float64, over 30 updates
            Assert.Equal(end.GetProperty("book_x").GetDouble(), x, 1e-3);
            Assert.Equal(end.GetProperty("book_y").GetDouble(), y, 1e-3);
        }
        PngFile.AssertNamed(summary, "figure", "fig6-08-optimizer-compare-naive.png");
    }

    [Fact]
    public void Optimizer_compare_mnist_gives_four_finite_losses()
    {
        var summary = Run("optimizer-compare-mnist", "--iterations", "30");
        var losses = summary.GetProperty("final_smoothed_loss").EnumerateObject().ToArray();
        Assert.Equal(["SGD", "Momentum", "AdaGrad", "Adam"], losses.Select(p => p.Name));
        Assert.All(losses, p => Assert.True(double.IsFinite(p.Value.GetDouble()) && p.Value.GetDouble() > 0, $"{p.Name}: {p.Value}"));
        PngFile.AssertNamed(summary, "figure", "fig6-09-optimizer-compare-mnist.png");
    }

    [Fact]
    public void Weight_init_activation_histogram_draws_the_books_figures_and_its_relu_std_001_means()
    {
        var summary = Run("weight-init-activation-histogram");
        var cases = summary.GetProperty("cases").EnumerateArray().ToArray();
        Assert.Equal(7, cases.Length);
        Assert.Equal(
            ["fig6-10-weight-init-activation-histogram.png", "fig6-11-weight-init-activation-histogram.png", "fig6-13-weight-init-activation-histogram.png",
             "fig6-13-weight-init-activation-histogram-tanh.png", "fig6-14-weight-init-activation-histogram.png"],
            cases.Select(c => Path.GetFileName(c.GetProperty("file").GetString()!)).Distinct());
        Assert.All(cases, c => Assert.True(File.Exists(c.GetProperty("file").GetString())));

        // The book's footnote to figure 6-14: each layer's mean is about 7% of the one before; ours
        // are within a factor of 1.5 of its numbers.
        var relu = cases.Single(c => c.GetProperty("activation").GetString() == "relu" && c.GetProperty("init").GetString() == "0.01");
        double[] means = [.. relu.GetProperty("layer_means").EnumerateArray().Select(m => m.GetDouble())];
        double[] book = [.. summary.GetProperty("book_relu_std001_means").EnumerateArray().Select(m => m.GetDouble())];
        for (int layer = 0; layer < 5; layer++)
            Assert.InRange(means[layer] / book[layer], 1 / 1.5, 1.5);

        // Sigmoid with std 1 piles the values at 0 and 1 (figure 6-10): the outer bins hold most.
        var saturated = cases.First(c => c.GetProperty("activation").GetString() == "sigmoid");
        foreach (var histogram in saturated.GetProperty("histograms").EnumerateArray())
        {
            int[] counts = [.. histogram.EnumerateArray().Select(c => c.GetInt32())];
            Assert.True(counts[0] + counts[^1] > counts.Sum() / 2, $"sigmoid, std 1: {string.Join(' ', counts)}");
        }
    }

    [Fact]
    public void Weight_init_compare_gives_three_finite_losses_and_std_001_does_not_learn()
    {
        var summary = Run("weight-init-compare", "--iterations", "30");
        var losses = summary.GetProperty("final_smoothed_loss");
        Assert.Equal(["std=0.01", "Xavier", "He"], losses.EnumerateObject().Select(p => p.Name));
        Assert.All(losses.EnumerateObject(), p => Assert.True(double.IsFinite(p.Value.GetDouble()), $"{p.Name}: {p.Value}"));
        Assert.Equal(Math.Log(10), losses.GetProperty("std=0.01").GetDouble(), 0.01);
        PngFile.AssertNamed(summary, "figure", "fig6-15-weight-init-compare.png");
    }

    [Fact]
    public void Overfit_weight_decay_gives_both_runs_gaps_and_figures()
    {
        var summary = Run("overfit-weight-decay", "--epochs", "3");
        var runs = summary.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([0.0, 0.1], runs.Select(r => Math.Round(r.GetProperty("weight_decay").GetDouble(), 6)));
        Assert.All(runs, r => Assert.InRange(r.GetProperty("gap").GetDouble(), -1, 1));
        PngFile.AssertNamed(runs[0], "figure", "fig6-20-overfit-weight-decay.png");
        PngFile.AssertNamed(runs[1], "figure", "fig6-21-overfit-weight-decay.png");
    }

    [Fact]
    public void Overfit_dropout_gives_the_three_gaps()
    {
        var summary = Run("overfit-dropout", "--epochs", "3");
        var runs = summary.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(["no regularisation", "weight decay 0.1", "Dropout 0.2"], runs.Select(r => r.GetProperty("set_up").GetString()));
        Assert.All(runs, r => Assert.InRange(r.GetProperty("gap").GetDouble(), -1, 1));
        PngFile.AssertNamed(summary, "figure", "fig6-23-overfit-dropout.png");
    }

    [Fact]
    public void Hyperparameter_optimization_ranks_its_trials_by_validation_accuracy()
    {
        var summary = Run("hyperparameter-optimization", "--trials", "3", "--epochs", "2");
        var ranked = summary.GetProperty("ranked").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 3], ranked.Select(t => t.GetProperty("rank").GetInt32()));
        Assert.Equal([1, 2, 3], ranked.Select(t => t.GetProperty("number").GetInt32()).Order());
        double[] accuracies = [.. ranked.Select(t => t.GetProperty("validation_accuracy").GetDouble())];
        Assert.Equal(accuracies.OrderByDescending(a => a), accuracies);
        Assert.All(ranked, t =>
        {
            Assert.InRange(t.GetProperty("learning_rate").GetDouble(), 1e-6, 1e-2);
            Assert.InRange(t.GetProperty("weight_decay").GetDouble(), 1e-8, 1e-4);
        });
        PngFile.AssertNamed(summary, "figure", "fig6-24-hyperparameter-optimization.png");
    }
}
