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
    /// <summary>The best round of a measurement.</summary>
    /// <param name="ImagesPerSecond">Images / Seconds.</param>
    /// <param name="Images">Images processed in the round (whole batches).</param>
    /// <param name="Seconds">The round's wall-clock time.</param>
    public readonly record struct Measurement(double ImagesPerSecond, int Images, double Seconds);

    /// <summary>
    /// Training speed: full-batch TrainStep calls with <paramref name="optimizer"/> on successive
    /// batches of <paramref name="data"/>. Changes the network's parameters and the optimizer's state.
    /// </summary>
    /// <param name="network">The network to train.</param>
    /// <param name="optimizer">The optimizer each step applies.</param>
    /// <param name="data">At least one batch of samples; batches cycle through it.</param>
    /// <param name="secondsPerRound">The least time a round runs (it also runs at least 10 batches).</param>
    /// <param name="rounds">Rounds to run; the fastest is reported.</param>
    public static Measurement Training(ITrainableNetwork network, Optimizer optimizer, Dataset data, double secondsPerRound = 2, int rounds = 3)
        => Best(network, data, rounds, secondsPerRound, start =>
            network.TrainStep(data.InputSpan(start, network.BatchSize), data.LabelSpan(start, network.BatchSize), network.BatchSize, optimizer));

    /// <summary>Inference speed: full-batch Infer calls on successive batches of <paramref name="data"/>.</summary>
    /// <param name="network">The network to run.</param>
    /// <param name="data">At least one batch of samples; batches cycle through it.</param>
    /// <param name="secondsPerRound">The least time a round runs (it also runs at least 10 batches).</param>
    /// <param name="rounds">Rounds to run; the fastest is reported.</param>
    public static Measurement Inference(INetwork network, Dataset data, double secondsPerRound = 2, int rounds = 3)
        => Best(network, data, rounds, secondsPerRound, start => network.Infer(data.InputSpan(start, network.BatchSize), network.BatchSize));

    /// <summary>Calls <paramref name="step"/> on whole batches of <paramref name="data"/> in turn.</summary>
    private static Measurement Best(INetwork network, Dataset data, int rounds, double secondsPerRound, Action<int> step)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        int imagesPerCall = network.BatchSize;
        int batches = Math.Max(1, data.Count / imagesPerCall);
        int next = 0;
        void call() => step(next++ % batches * imagesPerCall);

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
