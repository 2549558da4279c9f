using System.CommandLine;
using ModelGen.Optimizers;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Training (Adam) and inference images per second, GFLOP/s and the share of the machine's
/// GEMM peak, on synthetic images so that only the arithmetic is timed.
/// benchmarks/compare-pytorch.sh runs this beside PyTorch.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var seconds = CommonOptions.BenchSeconds();
        var threads = CommonOptions.Threads();
        var peak = new Option<double>("--peak-gflops") { Description = "The machine's float32 GEMM peak, for the share of peak (GUIDE.md: about 330 on 2 cores with AVX-512).", DefaultValueFactory = _ => 330.0 };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Measure training and inference images per second and GFLOP/s.") { model, seconds, peak, threads, json };
        command.SetAction(r => SampleConsole.Run(() =>
        {
            CommonOptions.ApplyThreads(r.GetValue(threads));
            return Run(Model.Named(r.GetValue(model)!), r.GetValue(seconds), r.GetValue(peak), r.GetValue(json));
        }));
        return command;
    }

    private static int Run(Model model, double seconds, double peak, bool json)
    {
        var console = new SampleConsole(json);
        var data = SyntheticData.Images(2000, [1, 28, 28], classes: 10, seed: 1);
        var network = model.Create(0);
        var train = Throughput.Training(network, new Adam(0.001f), data, seconds);
        var infer = Throughput.Inference(network, data, seconds);
        var summary = model.Summary();
        double trainGflops = train.ImagesPerSecond * summary.TrainingFlopsPerSample / 1e9;
        double inferGflops = infer.ImagesPerSecond * summary.ForwardFlopsPerSample / 1e9;
        console.Out.MarkupLineInterpolated($"{model.Title}, batch {network.BatchSize}, {Environment.ProcessorCount} cores, {summary.ForwardFlopsPerSample / 1e6:F1} MFLOP/image forward, {summary.TrainingFlopsPerSample / 1e6:F1} training");
        console.Out.MarkupLineInterpolated($"training:  {train.ImagesPerSecond,10:N0} images/s  {trainGflops,6:F1} GFLOP/s  ({trainGflops / peak:P0} of {peak:F0})");
        console.Out.MarkupLineInterpolated($"inference: {infer.ImagesPerSecond,10:N0} images/s  {inferGflops,6:F1} GFLOP/s  ({inferGflops / peak:P0} of {peak:F0})");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Model = model.Name,
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
