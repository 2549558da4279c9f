using System.Text.Json;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>The book's chapter 3 scripts as mnist commands: activation curves, the first image, the ch03 network.</summary>
public sealed class Chapter3CommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-ch3-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private JsonElement Run(params string[] arguments) => SampleRunner.Run("mnist", _folder, [.. arguments, "--out", _folder]);

    /// <summary>x is the book's np.arange(-5.0, 5.0, 0.1): 100 values from -5.0 to 4.9.</summary>
    private static double[] CheckX(JsonElement summary)
    {
        double[] x = PngFile.Numbers(summary.GetProperty("x"));
        Assert.Equal(100, x.Length);
        Assert.Equal(-5.0, x[0]);
        Assert.Equal(4.9, x[^1], 12);
        return x;
    }

    private static double[] Curve(JsonElement summary, string name) => PngFile.Numbers(summary.GetProperty("curves").GetProperty(name).GetProperty("y"));

    [Fact]
    public void Step_function_is_0_up_to_0_and_1_after()
    {
        var summary = Run("step-function");
        double[] x = CheckX(summary);
        double[] y = Curve(summary, "step_function");
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i] > 0 ? 1.0 : 0.0, y[i]);
        Assert.Equal([-0.1, 1.1], PngFile.Numbers(summary.GetProperty("y_limits")));
        PngFile.AssertWritten(summary.GetProperty("figure"), _folder, "fig3-06-step-function.png");
    }

    [Fact]
    public void Sigmoid_is_the_logistic_curve_and_the_books_example()
    {
        var summary = Run("sigmoid");
        double[] x = CheckX(summary);
        double[] y = Curve(summary, "sigmoid");
        for (int i = 0; i < x.Length; i++) Assert.Equal(1 / (1 + Math.Exp(-x[i])), y[i], tolerance: 1e-6);
        var curve = summary.GetProperty("curves").GetProperty("sigmoid");
        double[] book = PngFile.Numbers(curve.GetProperty("book"));
        double[] ours = PngFile.Numbers(curve.GetProperty("example"));
        for (int i = 0; i < book.Length; i++) Assert.Equal(book[i], ours[i], tolerance: 1e-7);
        PngFile.AssertWritten(summary.GetProperty("figure"), _folder, "fig3-07-sigmoid.png");
    }

    [Fact]
    public void Sig_step_compare_draws_both_curves()
    {
        var summary = Run("sig-step-compare");
        CheckX(summary);
        Assert.Equal(100, Curve(summary, "sigmoid").Length);
        Assert.Equal(100, Curve(summary, "step_function").Length);
        PngFile.AssertWritten(summary.GetProperty("figure"), _folder, "fig3-08-sig-step-compare.png");
    }

    [Fact]
    public void Relu_is_max_of_0_and_x_with_the_books_y_limits()
    {
        var summary = Run("relu");
        double[] x = CheckX(summary);
        double[] y = Curve(summary, "relu");
        for (int i = 0; i < x.Length; i++) Assert.Equal(Math.Max(0, x[i]), y[i], tolerance: 1e-6);
        Assert.Equal([-1.0, 5.5], PngFile.Numbers(summary.GetProperty("y_limits")));
        PngFile.AssertWritten(summary.GetProperty("figure"), _folder, "fig3-09-relu.png");
    }

    [Fact]
    public void Mnist_show_shows_the_first_training_image_a_5()
    {
        var summary = Run("mnist-show");
        Assert.Equal(5, summary.GetProperty("label").GetInt32());
        Assert.Equal([784.0], PngFile.Numbers(summary.GetProperty("shape")));
        Assert.Equal([28.0, 28.0], PngFile.Numbers(summary.GetProperty("reshaped")));
        PngFile.AssertWritten(summary.GetProperty("figure"), _folder, "fig3-25-mnist-show.png");
        Assert.Equal((280, 280), PngFile.Size(summary.GetProperty("figure").GetString()!));
    }

    [Theory]
    [InlineData("neuralnet-mnist", 1)]
    [InlineData("neuralnet-mnist-batch", 100)]
    public void Neuralnet_mnist_scores_the_books_0_9352_one_image_or_a_batch_at_a_time(string command, int batch)
    {
        var summary = SampleRunner.Run("mnist", _folder, command);
        Assert.Equal(batch, summary.GetProperty("batch").GetInt32());
        Assert.Equal(9352, summary.GetProperty("correct").GetInt32());
        Assert.Equal(0.9352, summary.GetProperty("test_accuracy").GetDouble());
    }
}
