using System.Diagnostics;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>One command line across both samples: exit codes, outputs under runs/, the shared train and export-onnx.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private int ExitCode(string sample, params string[] arguments) => SampleRunner.Exec(sample, _folder, arguments).Code;

    [Theory]
    [InlineData("mnist", "no-such-command")]
    [InlineData("mnist", "train", "--no-such-option")]
    [InlineData("deepcnn", "train", "--epochs", "many")]
    [InlineData("deepcnn", "bench", "--model", "huge")]
    public void A_usage_error_exits_with_2(string sample, params string[] arguments) => Assert.Equal(2, ExitCode(sample, arguments));

    [Fact]
    public void A_user_error_exits_with_1_and_a_message()
    {
        Assert.Equal(1, ExitCode("deepcnn", "evaluate", "--weights", "missing.npz"));
        Assert.Equal(1, ExitCode("mnist", "train", "--epochs", "0"));
    }

    [Fact]
    public void Both_trains_write_their_checkpoint_and_plot_under_runs_and_export_onnx_reads_the_checkpoint()
    {
        var mnist = SampleRunner.Run("mnist", _folder, "train", "--epochs", "1", "--train-size", "1000", "--test-size", "500");
        Assert.Equal(Path.Combine("runs", "checkpoints", "two-layer.npz"), mnist.GetProperty("checkpoint").GetString());
        Assert.True(File.Exists(Path.Combine(_folder, "runs", "figures", "two-layer-training.png")));
        var exported = SampleRunner.Run("mnist", _folder, "export-onnx", "--model", "two-layer");
        Assert.True(exported.GetProperty("bytes").GetInt64() > 100_000);
        Assert.True(File.Exists(Path.Combine(_folder, "runs", "onnx", "two-layer.onnx")));

        var deep = SampleRunner.Run("deepcnn", _folder, "train", "--model", "simple", "--epochs", "1", "--train-size", "300", "--test-size", "300");
        Assert.Equal(Path.Combine("runs", "checkpoints", "simple.npz"), deep.GetProperty("checkpoint").GetString());
        var figures = SampleRunner.Run("deepcnn", _folder, "filters", "--model", "simple");
        Assert.StartsWith(Path.Combine(_folder, "runs", "figures"), figures.GetProperty("after").GetString(), StringComparison.Ordinal);
    }
}
