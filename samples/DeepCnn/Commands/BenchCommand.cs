using System.CommandLine;
using ModelGen.Kernels;
using ModelGen.Optimizers;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Training (Adam) and inference images per second and GFLOP/s, on synthetic images so that
/// only the arithmetic is timed; with --peak-gflops, the share of a GEMM peak measured
/// elsewhere. samples/Shared/benchmarks/all-paths.sh measures that peak and PyTorch in the same run.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var seconds = CommonOptions.BenchSeconds();
        var threads = CommonOptions.Threads();
        var peak = CommonOptions.PeakGflops();
        var json = CommonOptions.Json();
        var command = new Command("bench", "Measure training and inference images per second and GFLOP/s.") { model, seconds, peak, threads, json };
        command.SetAction(r => SampleConsole.Run(() =>
        {
            CommonOptions.ApplyThreads(r.GetValue(threads));
            return Run(Model.Named(r.GetValue(model)!), r.GetValue(seconds), r.GetValue(peak), r.GetValue(json));
        }));
        return command;
    }

    private static int Run(Model model, double seconds, double? peak, bool json)
    {
        var console = new SampleConsole(json);
        var data = SyntheticData.Images(2000, [1, 28, 28], classes: 10, seed: 1);
        var network = model.Create(0);
        var train = Throughput.Training(network, new Adam(0.001f), data, seconds);
        var infer = Throughput.Inference(network, data, seconds);
        var summary = model.Summary();
        double trainGflops = train.ImagesPerSecond * summary.TrainingFlopsPerSample / 1e9;
        double inferGflops = infer.ImagesPerSecond * summary.ForwardFlopsPerSample / 1e9;
        console.Out.MarkupLineInterpolated($"{model.Title}, batch {network.BatchSize}, {KernelThreads.ThreadCount} threads, {KernelIsa.Description}, {summary.ForwardFlopsPerSample / 1e6:F1} MFLOP/image forward, {summary.TrainingFlopsPerSample / 1e6:F1} training");
        console.Out.MarkupLineInterpolated($"training:  {train.ImagesPerSecond,10:N0} images/s  {trainGflops,6:F1} GFLOP/s{CommonOptions.ShareOfPeak(trainGflops, peak)}");
        console.Out.MarkupLineInterpolated($"inference: {infer.ImagesPerSecond,10:N0} images/s  {inferGflops,6:F1} GFLOP/s{CommonOptions.ShareOfPeak(inferGflops, peak)}");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Model = model.Name,
                Path = KernelIsa.Path,
                Batch = network.BatchSize,
                TrainImagesPerSecond = Math.Round(train.ImagesPerSecond),
                InferImagesPerSecond = Math.Round(infer.ImagesPerSecond),
                TrainGflops = Math.Round(trainGflops, 1),
                InferGflops = Math.Round(inferGflops, 1),
                PeakGflops = peak,
            });
        }
        return 0;
    }

}
