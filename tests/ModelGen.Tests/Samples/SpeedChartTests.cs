using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>
/// `modelgen-bench chart`, run as a process on a made-up all-paths.sh folder: the ratios it
/// prints are medians over the repetitions against PyTorch's faster thread setting, and the
/// PNG has one panel per path.
/// </summary>
public sealed class SpeedChartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-chart-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Ratios_are_medians_against_the_faster_PyTorch_and_each_path_gets_a_panel()
    {
        Write("avx512-peak.jsonl", """{"gflops": 266, "core": "SkylakeX"}""");
        // ModelGen: medians 230 (training; the mean is 210) and 900 (inference; mean 850); ONNX Runtime 450 (mean 483).
        Write("avx512-two-ours.jsonl",
            """{"train_images_per_second": 100, "infer_images_per_second": 900, "onnx_infer_images_per_second": 400}""",
            """{"train_images_per_second": 300, "infer_images_per_second": 1000, "onnx_infer_images_per_second": 450}""",
            """{"train_images_per_second": 230, "infer_images_per_second": 650, "onnx_infer_images_per_second": 600}""");
        // PyTorch: one thread trains faster (median 100), two threads infer faster (median 300).
        Write("avx512-two-torch1.jsonl", """{"train_images_per_second": 100, "infer_images_per_second": 200}""");
        Write("avx512-two-torch2.jsonl", """{"train_images_per_second": 80, "infer_images_per_second": 300}""");
        // A second path without ONNX Runtime figures (run with --no-onnx).
        Write("avx2-peak.jsonl", """{"gflops": 164, "core": "Haswell"}""");
        Write("avx2-deep-ours.jsonl", """{"train_images_per_second": 30, "infer_images_per_second": 90}""");
        Write("avx2-deep-torch1.jsonl", """{"train_images_per_second": 10, "infer_images_per_second": 60}""");

        var (code, stdout, _) = Chart(_folder);

        Assert.Equal(0, code);
        Assert.Contains("avx512 TwoLayerNet: training 2.30x, inference 3.00x, ONNX Runtime inference 1.50x PyTorch's", stdout);
        Assert.Contains("avx2 DeepConvNet: training 3.00x, inference 1.50x, ONNX Runtime inference - PyTorch's", stdout);
        var (width, height) = PngFile.Size(Path.Combine(_folder, "speed.png"));
        Assert.Equal(2 * 560, width);
        Assert.True(height > 420, $"the chart is {width}x{height}");
    }

    [Fact]
    public void A_folder_without_a_run_is_a_usage_error_that_says_so()
    {
        var (code, _, stderr) = Chart(_folder);
        Assert.Equal(2, code);
        Assert.Contains("no <path>-peak.jsonl files", stderr);

        (code, _, stderr) = Chart(Path.Combine(_folder, "missing"));
        Assert.Equal(2, code);
        Assert.Contains("no such folder", stderr);
    }

    private void Write(string name, params string[] lines) => File.WriteAllLines(Path.Combine(_folder, name), lines);

    private (int Code, string Stdout, string Stderr) Chart(string folder) =>
        SampleRunner.ExecDll(SampleRunner.Built("Benchmarks", "modelgen-bench"), _folder, "chart", folder);
}
