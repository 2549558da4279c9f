using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>The chapter 6.3 commands in quick mode.</summary>
public sealed class BatchNormCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-bn-commands-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Batch_norm_test_trains_both_networks_at_each_scale_and_draws_figure_6_19()
    {
        var summary = SampleRunner.Run("mnist", _folder, "batch-norm-test", "--scales", "2", "--epochs", "3", "--train-size", "300", "--out", "figures");
        var scales = summary.GetProperty("scales").EnumerateArray().ToList();
        Assert.Equal(2, scales.Count);
        Assert.Equal(1.0, scales[0].GetProperty("scale").GetDouble(), 6);
        Assert.Equal(1e-4, scales[1].GetProperty("scale").GetDouble(), 9);
        // At the smallest scale the plain network cannot start learning; Batch Normalization can.
        Assert.True(scales[1].GetProperty("batch_norm").GetDouble() > scales[1].GetProperty("plain").GetDouble());
        Assert.True(File.Exists(Path.Combine(_folder, "figures", "fig6-19-batch-norm-test.png")));
    }

    [Fact]
    public void Batch_norm_gradient_check_agrees_with_backprop_on_a_batch()
    {
        var summary = SampleRunner.Run("mnist", _folder, "batch-norm-gradient-check", "--samples", "4");
        // 5% of the gradient, or 1e-5 where the gradient is zero by design (the biases right
        // before a BatchNorm) and float32 rounding is all the numerical gradient sees.
        foreach (var parameter in summary.GetProperty("differences").EnumerateObject())
        {
            double difference = parameter.Value.GetProperty("mean_absolute").GetDouble();
            double magnitude = parameter.Value.GetProperty("mean_magnitude").GetDouble();
            Assert.True(difference <= 0.05 * magnitude + 1e-5, $"{parameter.Name}: {difference:E2} against a gradient of {magnitude:E2}");
        }
    }
}
