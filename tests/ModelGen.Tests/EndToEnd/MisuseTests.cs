using ModelGen.Optimizers;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.EndToEnd;

/// <summary>Misuse of a generated network gets a clear error instead of numbers from stale or mixed buffers.</summary>
public class MisuseTests
{
    [Fact]
    public void Loss_before_any_forward_pass_is_refused()
    {
        var network = new ReluNet(seed: 1);
        var error = Assert.Throws<InvalidOperationException>(() => network.Loss([0, 1, 2, 1], 4));
        Assert.Contains("forward pass", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loss_for_more_samples_than_the_last_forward_pass_had_is_refused()
    {
        var network = new ReluNet(seed: 1);
        var (inputs, labels) = RandomBatch.Create(4, 5, 3, seed: 2);
        network.Forward(inputs, 2);
        var error = Assert.Throws<ArgumentException>(() => network.Loss(labels, 4));
        Assert.Contains("Loss got 4 samples but the last forward pass had 2", error.Message, StringComparison.Ordinal);
        Assert.True(float.IsFinite(network.Loss(labels, 2)));
        network.TrainStep(inputs, labels, 3, new Sgd(0.1f));
        Assert.True(float.IsFinite(network.Loss(labels, 3))); // a training step is a forward pass too
    }

    [Fact]
    public void A_pass_while_another_runs_is_refused_and_the_running_one_is_unharmed()
    {
        var network = new ReluNet(seed: 1);
        var (inputs, labels) = RandomBatch.Create(4, 5, 3, seed: 3);
        var running = typeof(ReluNet).GetField("_passRunning", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        running.SetValue(network, 1); // as if another thread were inside TrainStep
        var error = Assert.Throws<InvalidOperationException>(() => network.TrainStep(inputs, labels, 4, new Sgd(0.1f)));
        Assert.Contains("another thread", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => network.Forward(inputs, 4));
        Assert.Equal(1, running.GetValue(network)); // the refused call did not end the other's pass
        running.SetValue(network, 0);
        Assert.True(float.IsFinite(network.TrainStep(inputs, labels, 4, new Sgd(0.1f))));
    }

    [Fact]
    public async Task Two_threads_training_one_network_at_once_get_an_error()
    {
        var network = new DeepConvNet(seed: 1);
        var (inputs, labels) = RandomBatch.Create(100, 784, 10, seed: 4);
        var adam = new Adam();
        int refused = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        void Train()
        {
            while (Volatile.Read(ref refused) == 0 && !stop.IsCancellationRequested)
            {
                try
                {
                    network.TrainStep(inputs, labels, 100, adam);
                }
                catch (InvalidOperationException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }
        var first = Task.Run(Train);
        var second = Task.Run(Train);
        await Task.WhenAll(first, second);
        Assert.True(refused > 0, "two threads ran TrainStep on one network for 20 s and neither was refused");
    }
}
