using System.Diagnostics;
using ModelGen.Data;
using ModelGen.Optimizers;

namespace ModelGen.Training;

/// <summary>
/// Measures images per second, for benchmarks (never for tests). Each measurement warms up
/// first (JIT tiers, optimizer state, worker threads), then times whole batches until both a
/// minimum number of batches and a minimum time have passed, and reports the best of a few
/// rounds: on a noisy machine the fastest round is the one least disturbed.
/// </summary>
public static class Throughput
{
    public readonly record struct Measurement(double ImagesPerSecond, int Images, double Seconds);

    public static Measurement Training(ITrainableNetwork network, Optimizer optimizer, Dataset data, double secondsPerRound = 2, int rounds = 3)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        int batch = network.BatchSize;
        int batches = Math.Max(1, data.Count / batch);
        int next = 0;
        return Best(rounds, secondsPerRound, batch, () =>
        {
            int start = next++ % batches * batch;
            network.TrainStep(data.InputSpan(start, batch), data.LabelSpan(start, batch), batch, optimizer);
        });
    }

    public static Measurement Inference(INetwork network, Dataset data, double secondsPerRound = 2, int rounds = 3)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        int batch = network.BatchSize;
        int batches = Math.Max(1, data.Count / batch);
        int next = 0;
        return Best(rounds, secondsPerRound, batch, () =>
        {
            int start = next++ % batches * batch;
            network.Forward(data.InputSpan(start, batch), batch);
        });
    }

    private static Measurement Best(int rounds, double secondsPerRound, int imagesPerCall, Action call)
    {
        for (int i = 0; i < 20; i++) call(); // warm-up
        var best = new Measurement(0, 0, 0);
        for (int round = 0; round < rounds; round++)
        {
            int calls = 0;
            var clock = Stopwatch.StartNew();
            while (calls < 10 || clock.Elapsed.TotalSeconds < secondsPerRound)
            {
                call();
                calls++;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            var measurement = new Measurement(calls * imagesPerCall / seconds, calls * imagesPerCall, seconds);
            if (measurement.ImagesPerSecond > best.ImagesPerSecond) best = measurement;
        }
        return best;
    }
}
