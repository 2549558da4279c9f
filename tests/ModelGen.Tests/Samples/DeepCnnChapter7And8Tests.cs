using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>
/// The deepcnn commands for the book's remaining chapter 7 and 8 scripts, run as processes in
/// their default (quick) settings: gradient_check.py, apply_filter.py, half_float_network.py.
/// </summary>
public sealed class DeepCnnChapter7And8Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-deepcnn-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Gradient_check_finds_backprop_close_to_the_numerical_gradient_for_every_parameter()
    {
        var summary = SampleRunner.Run("deepcnn", _folder, "gradient-check");
        var parameters = summary.GetProperty("parameters").EnumerateObject().ToList();
        Assert.Equal(["W1", "b1", "W2", "b2", "W3", "b3"], parameters.Select(p => p.Name));
        foreach (var parameter in parameters)
        {
            double difference = parameter.Value.GetProperty("mean_absolute").GetDouble();
            double magnitude = parameter.Value.GetProperty("mean_magnitude").GetDouble();
            Assert.True(magnitude > 1e-3, $"{parameter.Name}: gradients of {magnitude:E2} are too small for a float32 check");
            Assert.True(difference < 0.05 * magnitude, $"{parameter.Name}: mean difference {difference:E2} against mean gradient {magnitude:E2}");
        }
    }

    [Fact]
    public void Apply_filter_writes_figure_7_25_for_the_digit_and_the_test_pattern()
    {
        string output = Path.Combine(_folder, "figures");
        var summary = SampleRunner.Run("deepcnn", _folder, "apply-filter", "--out", output);
        var figures = summary.GetProperty("figures").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Equal(["fig7-25-apply-filter-digit.png", "fig7-25-apply-filter-shapes.png"], figures.Select(Path.GetFileName));
        foreach (string figure in figures)
        {
            Assert.Equal(Path.GetFullPath(output), Path.GetDirectoryName(figure));
            PngFile.Size(figure);
        }
        Assert.Equal(7, summary.GetProperty("label").GetInt32());
    }

    [Fact]
    public void Half_float_network_loses_at_most_one_test_image_against_float32()
    {
        var summary = SampleRunner.Run("deepcnn", _folder, "half-float-network");
        int float32 = summary.GetProperty("float32_correct").GetInt32();
        int float16 = summary.GetProperty("float16_correct").GetInt32();
        Assert.Equal(9935, float32);
        Assert.InRange(float16, float32 - 1, float32 + 1);
    }
}
