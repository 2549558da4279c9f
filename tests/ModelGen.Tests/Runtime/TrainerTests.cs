using ModelGen.Tests.Infrastructure;
using ModelGen.Data;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Tests.EndToEnd;
using ModelGen.Training;

namespace ModelGen.Tests.Runtime;

/// <summary>The training loop: the same seed gives the same run, and a resumed run is the same run.</summary>
public class TrainerTests
{
    private static Dataset Data(int count)
    {
        var random = new Rng(21);
        var inputs = new float[count * 5];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextFloat();
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = random.NextInt(3);
        return new Dataset(inputs, labels, [5]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_bit_for_bit()
    {
        var data = Data(30); // 7 full batches of 4 and a short one of 2
        float[] Run()
        {
            var network = new DropoutNet(seed: 1);
            var trainer = new Trainer(network, new Adam(0.01f), seed: 2);
            trainer.RunEpoch(data);
            trainer.RunEpoch(data);
            return network.W2.ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void A_run_resumed_from_a_checkpoint_matches_one_that_never_stopped() =>
        // Without Dropout, the only randomness is the shuffle, which depends on (seed, epoch).
        ResumeCheck.AssertResumeMatches(seed => new ReluNet(seed), Data(24), epochs: 3, learningRate: 0.01f);

    [Fact]
    public void A_diverging_loss_stops_training_with_a_clear_error()
    {
        var data = Data(8);
        var network = new ReluNet(seed: 1);
        for (int i = 0; i < network.W1.Length; i++) network.W1[i] = float.MaxValue;
        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(network, new Sgd(1f)).RunEpoch(data));
        Assert.Contains("learning rate", error.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void A_loss_that_grows_far_above_its_start_warns_once()
    {
        // Adam with a learning rate of 10^6: the loss grows by orders of magnitude but stays
        // finite, so nothing stops the run; the trainer must at least say so.
        var data = Data(40);
        var trainer = new Trainer(new ReluNet(seed: 1), new Adam(1e6f), seed: 1);
        var warnings = new List<string>();
        trainer.Warning += warnings.Add;
        for (int e = 0; e < 3; e++) trainer.RunEpoch(data);
        string warning = Assert.Single(warnings);
        Assert.Contains("learning rate", warning, StringComparison.Ordinal);
        Assert.Contains("1000000", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_training_does_not_warn()
    {
        var data = Data(40);
        var trainer = new Trainer(new DropoutNet(seed: 1), new Adam(0.01f), seed: 1);
        var warnings = new List<string>();
        trainer.Warning += warnings.Add;
        for (int e = 0; e < 5; e++) trainer.RunEpoch(data);
        Assert.Empty(warnings);
    }
}
