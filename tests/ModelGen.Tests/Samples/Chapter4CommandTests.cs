using System.Text.Json;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>The book's chapter 4 scripts as mnist commands: numerical differentiation, gradient descent, the first training.</summary>
public sealed class Chapter4CommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-ch4-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private JsonElement Run(params string[] arguments) => SampleRunner.Run("mnist", _folder, [.. arguments, "--out", _folder]);

    [Fact]
    public void Gradient_1d_slope_at_5_is_0_2_to_the_books_last_digit()
    {
        var summary = Run("gradient-1d");
        var slopes = summary.GetProperty("slopes").EnumerateArray().ToArray();
        Assert.Equal(5, slopes[0].GetProperty("at").GetDouble());
        double slope = slopes[0].GetProperty("slope").GetDouble();
        Assert.Equal(0.2, slope, 10);
        // The same double the book's Python prints: the same arithmetic in the same order.
        Assert.Equal(0.1999999999990898, slope);
        Assert.Equal(0.2999999999986347, slopes[1].GetProperty("slope").GetDouble());
        PngFile.AssertWritten(summary.GetProperty("figure"), _folder, "fig4-07-gradient-1d.png");
    }

    [Fact]
    public void Gradient_2d_is_the_exact_gradient_on_the_books_grid()
    {
        var summary = Run("gradient-2d");
        Assert.Equal(18 * 18, summary.GetProperty("points").GetInt32());
        Assert.True(summary.GetProperty("max_difference_from_exact").GetDouble() < 1e-6);
        PngFile.AssertWritten(summary.GetProperty("figure"), _folder, "fig4-09-gradient-2d.png");
    }

    [Fact]
    public void Gradient_method_walks_from_minus_3_4_to_near_the_origin()
    {
        var summary = Run("gradient-method");
        var history = summary.GetProperty("history").EnumerateArray().Select(PngFile.Numbers).ToArray();
        Assert.Equal(20, history.Length);
        Assert.Equal([-3.0, 4.0], history[0]);
        double[] end = PngFile.Numbers(summary.GetProperty("end"));
        // Each step keeps 1 - 2·lr = 0.8 of x: 0.8^20 · 5 ≈ 0.058 from the origin.
        Assert.Equal(Math.Pow(0.8, 20) * 5, Math.Sqrt(end[0] * end[0] + end[1] * end[1]), tolerance: 1e-6);
        foreach (var experiment in summary.GetProperty("experiments").EnumerateArray())
        {
            double[] ours = PngFile.Numbers(experiment.GetProperty("end")), book = PngFile.Numbers(experiment.GetProperty("book"));
            for (int i = 0; i < 2; i++) Assert.True(Math.Abs(ours[i] - book[i]) <= 1e-8 * Math.Abs(book[i]), $"lr {experiment.GetProperty("lr")}: {ours[i]} against the book's {book[i]}");
        }
        PngFile.AssertWritten(summary.GetProperty("figure"), _folder, "fig4-10-gradient-method.png");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gradient_simplenet_dW_is_2x3_and_each_row_the_input_times_softmax_minus_label(bool bookW)
    {
        var summary = SampleRunner.Run("mnist", _folder, bookW ? ["gradient-simplenet", "--book-w"] : ["gradient-simplenet", "--seed", "3"]);
        Assert.Equal([2.0, 3.0], PngFile.Numbers(summary.GetProperty("shape")));
        double[] dW = PngFile.Numbers(summary.GetProperty("dw"));
        Assert.Equal(6, dW.Length);
        double[] p = PngFile.Numbers(summary.GetProperty("predict"));
        double[] y = [.. p.Select(v => Math.Exp(v - p.Max()))];
        double sum = y.Sum();
        double[] x = [0.6, 0.9], t = [0, 0, 1];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++) Assert.Equal(x[i] * (y[j] / sum - t[j]), dW[i * 3 + j], tolerance: 1e-8);
        }
        if (bookW)
        {
            double[] book = PngFile.Numbers(summary.GetProperty("book").GetProperty("dw"));
            for (int k = 0; k < 6; k++) Assert.Equal(book[k], dW[k], tolerance: 2e-8);
        }
    }

    [Fact]
    public void Train_neuralnet_learns_in_a_few_hundred_iterations()
    {
        var summary = Run("train-neuralnet", "--iters", "600");
        Assert.Equal(600, summary.GetProperty("iterations").GetInt32());
        // Accuracy is taken at the first iteration (an epoch is 600): the book's first point, near chance.
        Assert.Single(summary.GetProperty("test_accuracy").EnumerateArray());
        Assert.InRange(summary.GetProperty("test_accuracy")[0].GetDouble(), 0.0, 0.3);
        Assert.True(summary.GetProperty("last_loss").GetDouble() < summary.GetProperty("first_loss").GetDouble() - 1);
        Assert.InRange(summary.GetProperty("final_test_accuracy").GetDouble(), 0.7, 1.0);
        var figures = summary.GetProperty("figures");
        PngFile.AssertWritten(figures[0], _folder, "fig4-11-train-neuralnet.png");
        PngFile.AssertWritten(figures[1], _folder, "fig4-12-train-neuralnet.png");
    }
}
