using System.CommandLine;
using ModelGen.Kernels;
using ModelGen.Optimizers;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Training and inference throughput of TwoLayerNet (batch 100, SGD) on synthetic images, so
/// no data is needed. Compare with PyTorch through benchmarks/compare-pytorch.sh (or
/// samples/Shared/benchmarks/all-paths.sh for every network and path).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var seconds = CommonOptions.BenchSeconds();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("bench", "Measure TwoLayerNet training and inference images per second.") { seconds, threads, json };
        command.SetAction(result => SampleConsole.Run(() =>
        {
            CommonOptions.ApplyThreads(result.GetValue(threads));
            return Run(result.GetValue(seconds), result.GetValue(json));
        }));
        return command;
    }

    private static int Run(double seconds, bool json)
    {
        var console = new SampleConsole(json);
        var data = SyntheticData.Images(6000, [784], classes: 10, seed: 1);
        var network = new TwoLayerNet(seed: 0);
        var train = Throughput.Training(network, new Sgd(0.1f), data, seconds);
        var infer = Throughput.Inference(network, data, seconds);
        // Forward is 2 FLOP per weight per image; a training step is about three times that.
        var summary = TwoLayerNet.Summary();
        double trainGflops = train.ImagesPerSecond * summary.TrainingFlopsPerSample / 1e9;
        double inferGflops = infer.ImagesPerSecond * summary.ForwardFlopsPerSample / 1e9;
        console.Out.MarkupLineInterpolated($"TwoLayerNet, batch {TwoLayerNet.BatchSize}, {KernelThreads.ThreadCount} threads, {KernelIsa.Description}");
        console.Out.MarkupLineInterpolated($"training:  {train.ImagesPerSecond,12:N0} images/s  ({trainGflops:F1} GFLOP/s)");
        console.Out.MarkupLineInterpolated($"inference: {infer.ImagesPerSecond,12:N0} images/s  ({inferGflops:F1} GFLOP/s)");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Model = "TwoLayerNet",
                Path = KernelIsa.Path,
                Batch = TwoLayerNet.BatchSize,
                TrainImagesPerSecond = Math.Round(train.ImagesPerSecond),
                InferImagesPerSecond = Math.Round(infer.ImagesPerSecond),
                TrainGflops = Math.Round(trainGflops, 2),
                InferGflops = Math.Round(inferGflops, 2),
            });
        }
        return 0;
    }
}
