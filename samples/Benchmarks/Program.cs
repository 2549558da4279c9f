using System.CommandLine;
using System.Text.Json;
using ModelGen.Kernels;
using ModelGen.Samples;
using ModelGen.Samples.Benchmarks;
using ModelGen.Training;

// modelgen-bench: one network timed every way the comparison needs, in one process.
var model = new Option<string>("--model") { Description = "two (TwoLayerNet), simple (SimpleConvNet) or deep (DeepConvNet).", DefaultValueFactory = _ => "deep" };
var seconds = CommonOptions.BenchSeconds();
var threads = CommonOptions.Threads();
var peak = CommonOptions.PeakGflops();
var noOnnx = new Option<bool>("--no-onnx") { Description = "Skip ONNX Runtime." };
var json = CommonOptions.Json();
var root = new RootCommand("Training, batch-100 inference and single-image latency of a book network, beside ONNX Runtime on the same exported model.")
{
    model, seconds, threads, peak, noOnnx, json,
};
var profileSeconds = new Option<double>("--seconds") { Description = "Seconds of timed calls per kernel.", DefaultValueFactory = _ => 1.0 };
var profileThreads = CommonOptions.Threads();
var profileModel = new Option<string>("--model") { Description = "deep (DeepConvNet's convolutions) or two (TwoLayerNet's dense calls).", DefaultValueFactory = _ => "deep" };
var profileBatch = new Option<int>("--batch") { Description = "Images per call (deep only): 100 for throughput, 1 for single-image latency.", DefaultValueFactory = _ => 100 };
var profile = new Command("profile", "A network's kernel calls timed one at a time (median time, GFLOP/s).") { profileModel, profileSeconds, profileThreads, profileBatch };
profile.SetAction(r =>
{
    CommonOptions.ApplyThreads(r.GetValue(profileThreads));
    return r.GetValue(profileModel) == "two" ? LayerProfile.RunDense(r.GetValue(profileSeconds)) : LayerProfile.Run(r.GetValue(profileSeconds), r.GetValue(profileBatch));
});
root.Add(profile);
var chartFolder = new Argument<string>("folder") { Description = "The output folder of an all-paths.sh run (runs/bench-DATE)." };
var chartOut = new Option<string?>("--out") { Description = "The PNG to write. Default: speed.png in the folder." };
var chart = new Command("chart", "Draw an all-paths.sh run: per path and network, ModelGen's training and inference and ONNX Runtime's inference as multiples of PyTorch's.") { chartFolder, chartOut };
chart.SetAction(r =>
{
    string folder = r.GetValue(chartFolder)!;
    return SpeedChart.Write(folder, r.GetValue(chartOut) ?? Path.Combine(folder, "speed.png"));
});
root.Add(chart);
root.SetAction(r =>
{
    CommonOptions.ApplyThreads(r.GetValue(threads));
    return Bench.Run(BenchNetwork.Named(r.GetValue(model)!), r.GetValue(seconds), r.GetValue(peak), !r.GetValue(noOnnx), r.GetValue(json));
});
return SampleProgram.Run(root, args);

/// <summary>The measurements, in the order a reader wants them.</summary>
internal static class Bench
{
    public static int Run(BenchNetwork spec, double seconds, double? peak, bool onnx, bool json)
    {
        double? roundTrip = CoreRoundTrip.MedianNanoseconds();
        var network = spec.Create();
        var data = SyntheticData.Images(2000, spec.SampleShape, classes: 10, seed: 1);
        int batch = network.BatchSize;
        var summary = spec.Summary();

        // Inference first, on the freshly initialised network; training then changes the weights.
        double infer = Throughput.Inference(network, data, seconds).ImagesPerSecond;
        double latency = Latency.MedianMicroseconds(i => network.Infer(data.InputSpan(i % data.Count, 1), 1), seconds);
        double train = Throughput.Training(network, spec.Optimizer(), data, seconds).ImagesPerSecond;

        double? onnxInfer = null, onnxLatency = null;
        if (onnx)
        {
            using var side = new OnnxRuntimeSide(network, spec.SampleShape, KernelThreads.ThreadCount);
            onnxInfer = side.BatchThroughput(data, batch, seconds);
            onnxLatency = side.LatencyMicroseconds(data, seconds);
        }

        double trainGflops = train * summary.TrainingFlopsPerSample / 1e9;
        double inferGflops = infer * summary.ForwardFlopsPerSample / 1e9;
        var log = json ? Console.Error : Console.Out;
        string distance = roundTrip is double ns ? $", cores {ns:F0} ns apart (round trip)" : "";
        log.WriteLine($"{spec.Name}: {KernelIsa.Description}, {KernelThreads.ThreadCount} threads, batch {batch}{distance}");
        log.WriteLine($"  training   {train,12:N0} images/s  {trainGflops,7:F1} GFLOP/s{CommonOptions.ShareOfPeak(trainGflops, peak)}");
        log.WriteLine($"  inference  {infer,12:N0} images/s  {inferGflops,7:F1} GFLOP/s{CommonOptions.ShareOfPeak(inferGflops, peak)}");
        log.WriteLine($"  latency    {latency,12:N1} µs per single image");
        if (onnx)
        {
            log.WriteLine($"  ONNX Runtime {OnnxRuntimeSide.Version}: {onnxInfer,12:N0} images/s, {onnxLatency,8:N1} µs per single image");
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                framework = "modelgen",
                model = spec.Name,
                path = KernelIsa.Path,
                isa = KernelIsa.Description,
                threads = KernelThreads.ThreadCount,
                batch,
                train_images_per_second = Math.Round(train),
                infer_images_per_second = Math.Round(infer),
                latency_us = Math.Round(latency, 1),
                train_gflops = Math.Round(trainGflops, 1),
                infer_gflops = Math.Round(inferGflops, 1),
                train_mflop_per_image = summary.TrainingFlopsPerSample / 1e6,
                infer_mflop_per_image = summary.ForwardFlopsPerSample / 1e6,
                peak_gflops = peak,
                onnx_version = onnx ? OnnxRuntimeSide.Version : null,
                onnx_infer_images_per_second = onnxInfer is double o ? Math.Round(o) : (double?)null,
                onnx_latency_us = onnxLatency is double l ? Math.Round(l, 1) : (double?)null,
                core_round_trip_ns = roundTrip is double r ? Math.Round(r) : (double?)null,
            }));
        }

        return 0;
    }
}
