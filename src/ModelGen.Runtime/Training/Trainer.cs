using ModelGen.Data;
using ModelGen.Optimizers;

namespace ModelGen.Training;

/// <summary>
/// The training loop: each epoch shuffles the training set by (seed, epoch), gathers
/// batches into buffers allocated once, and runs the network's allocation-free TrainStep.
/// A last short batch is trained too (the generated code takes any count up to the batch).
/// </summary>
public sealed class Trainer
{
    private readonly ITrainableNetwork _network;
    private readonly float[] _batchInputs;
    private readonly int[] _batchLabels;
    private readonly int _seed;
    private int[] _order = [];
    private readonly DivergenceWatch _divergence = new();

    /// <summary>A trainer for <paramref name="network"/>; its batch buffers are allocated here, once.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="optimizer">Applies each step's update (and keeps its state across epochs).</param>
    /// <param name="seed">Fixes the shuffle of every epoch: the same seed gives the same run.</param>
    public Trainer(ITrainableNetwork network, Optimizer optimizer, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        _network = network;
        Optimizer = optimizer;
        _batchInputs = new float[network.BatchSize * network.InputSize];
        _batchLabels = new int[network.BatchSize];
        _seed = seed;
    }

    /// <summary>The optimizer every step uses.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Epochs completed, counting those of a resumed checkpoint.</summary>
    public int Epoch { get; set; }

    /// <summary>
    /// Heard at most once per trainer, with a sentence to show the user, when training goes
    /// wrong without stopping: the loss has risen far above where it started (100 times, as Adam
    /// with a learning rate of 10^6 does) yet stays finite. A loss that is not finite stops
    /// training with an exception instead.
    /// </summary>
    public event Action<string>? Warning;

    /// <summary>Steps in one epoch of <paramref name="count"/> samples.</summary>
    public int StepsPerEpoch(int count) => (count + _network.BatchSize - 1) / _network.BatchSize;

    /// <summary>
    /// One pass over <paramref name="data"/> in a fresh random order. <paramref name="onStep"/>,
    /// if given, hears (step, steps, loss) after every step: cache the delegate to keep the
    /// loop free of allocation. Returns the mean loss.
    /// </summary>
    public double RunEpoch(Dataset data, Action<int, int, float>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Evaluation.CheckShape(_network, data);
        if (_order.Length != data.Count)
        {
            _order = new int[data.Count];
        }
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        // Each epoch's order depends on the seed and the epoch alone, so a run resumed from a
        // checkpoint sees the same batches as one that never stopped.
        new Rng(_seed * 1_000_003L + Epoch).Shuffle(_order.AsSpan());

        int batch = _network.BatchSize, size = _network.InputSize, steps = StepsPerEpoch(data.Count);
        double lossSum = 0;
        for (int step = 0; step < steps; step++)
        {
            int start = step * batch;
            int count = Math.Min(batch, data.Count - start);
            for (int i = 0; i < count; i++)
            {
                int sample = _order[start + i];
                data.Inputs.AsSpan(sample * size, size).CopyTo(_batchInputs.AsSpan(i * size, size));
                _batchLabels[i] = data.Labels[sample];
            }
            float loss = _network.TrainStep(_batchInputs, _batchLabels, count, Optimizer);
            if (!float.IsFinite(loss))
                throw new InvalidOperationException($"The loss became {loss} at epoch {Epoch + 1}, step {step + 1}: the learning rate ({Optimizer.LearningRate}) is probably too high.");
            lossSum += loss;
            if (_divergence.Observe(loss))
                Warning?.Invoke($"The loss has risen to {_divergence.Smoothed:G3}, more than {DivergenceWatch.Factor} times its starting value {_divergence.Start:G3}, at epoch {Epoch + 1}, step {step + 1}: training is diverging; the learning rate ({Optimizer.LearningRate}) is probably too high.");
            onStep?.Invoke(step + 1, steps, loss);
        }
        Epoch++;
        return lossSum / steps;
    }
}
