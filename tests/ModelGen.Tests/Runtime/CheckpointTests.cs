using ModelGen.IO;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Tests.EndToEnd;

namespace ModelGen.Tests.Runtime;

/// <summary>Parameters and checkpoints: round trips, and bad files that change nothing.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (float[] Inputs, int[] Labels) Batch(int seed)
    {
        var random = new Rng(seed);
        var inputs = new float[4 * 5];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextFloat();
        return (inputs, [0, 1, 2, 1]);
    }

    [Fact]
    public void A_resumed_run_continues_exactly_where_it_stopped()
    {
        var (inputs, labels) = Batch(1);
        var original = new ReluNet(seed: 3);
        var adam = new Adam(0.01f);
        for (int i = 0; i < 5; i++) original.TrainStep(inputs, labels, 4, adam);
        string path = Path.Combine(_folder, "run.npz");
        Checkpoint.Save(path, original, adam, epoch: 7);

        var resumed = new ReluNet(seed: 99);
        var resumedAdam = new Adam(0.01f);
        Assert.Equal(7, Checkpoint.Load(path, resumed, resumedAdam));
        Assert.Equal(5, resumedAdam.Steps);

        // The next step is bit-identical: parameters, moments and step count all came back.
        original.TrainStep(inputs, labels, 4, adam);
        resumed.TrainStep(inputs, labels, 4, resumedAdam);
        for (int p = 0; p < original.Parameters.Count; p++)
            Assert.Equal(original.Parameters[p].Value, resumed.Parameters[p].Value);
    }

    [Fact]
    public void Per_epoch_history_round_trips_and_is_empty_when_none_was_saved()
    {
        var (inputs, labels) = Batch(2);
        var network = new ReluNet(seed: 3);
        var adam = new Adam(0.01f);
        network.TrainStep(inputs, labels, 4, adam);
        string withHistory = Path.Combine(_folder, "with.npz"), without = Path.Combine(_folder, "without.npz");
        var history = new Dictionary<string, float[]> { ["loss"] = [2.3f, 1.1f, 0.9f], ["test_accuracy"] = [0.9f, 0.95f, 0.97f] };
        Checkpoint.Save(withHistory, network, adam, epoch: 3, history);
        Checkpoint.Save(without, network, adam, epoch: 3);

        var read = Checkpoint.History(withHistory);
        Assert.Equal(["loss", "test_accuracy"], read.Keys.Order());
        Assert.Equal(history["loss"], read["loss"]);
        Assert.Equal(history["test_accuracy"], read["test_accuracy"]);
        Assert.Empty(Checkpoint.History(without));
        // The history is not a parameter or optimizer state: both files load alike.
        Assert.Equal(3, Checkpoint.Load(withHistory, new ReluNet(seed: 4), new Adam(0.01f)));
    }

    [Fact]
    public void A_truncated_checkpoint_names_the_file_and_changes_nothing()
    {
        var network = new ReluNet(seed: 3);
        var adam = new Adam();
        var (inputs, labels) = Batch(2);
        network.TrainStep(inputs, labels, 4, adam);
        string path = Path.Combine(_folder, "cut.npz");
        Checkpoint.Save(path, network, adam, epoch: 1);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var target = new ReluNet(seed: 4);
        var before = target.W1.ToArray();
        var error = Assert.ThrowsAny<IOException>(() => Checkpoint.Load(path, target, new Adam()));
        Assert.Contains("cut.npz", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.W1);
    }

    [Fact]
    public void A_checkpoint_of_another_optimizer_is_refused()
    {
        var network = new ReluNet();
        string path = Path.Combine(_folder, "sgd.npz");
        Checkpoint.Save(path, network, new Momentum(), epoch: 2);
        var error = Assert.Throws<InvalidDataFileException>(() => Checkpoint.Load(path, new ReluNet(), new Adam()));
        Assert.Contains("Momentum", error.Message, StringComparison.Ordinal);
        Assert.Contains("Adam", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_of_the_wrong_shape_are_refused_before_anything_changes()
    {
        // SigmoidNet and ReluNet share W1 (5, 4 vs 5, 6): same name, different shape.
        string path = Path.Combine(_folder, "sigmoid.npz");
        new SigmoidNet(seed: 1).Save(path);
        var target = new ReluNet(seed: 2);
        var before = target.W1.ToArray();
        var error = Assert.Throws<InvalidDataFileException>(() => target.Load(path));
        Assert.Contains("W1", error.Message, StringComparison.Ordinal);
        Assert.Contains("(5, 4)", error.Message, StringComparison.Ordinal);
        Assert.Contains("(5, 6)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.W1);
    }

    [Fact]
    public void Saved_parameters_load_back_bit_for_bit()
    {
        string path = Path.Combine(_folder, "two-layer.npz");
        var source = new TwoLayerNet(seed: 5);
        source.Save(path);
        var copy = new TwoLayerNet(seed: 6);
        copy.Load(path);
        Assert.Equal(source.W1, copy.W1);
        Assert.Equal(source.b2, copy.b2);
    }

    [Fact]
    public void A_missing_parameter_is_named()
    {
        string path = Path.Combine(_folder, "partial.npz");
        Npz.Write(path, [new NpyArray("W1", [5, 6], new float[30])]);
        var error = Assert.Throws<InvalidDataFileException>(() => new ReluNet().Load(path));
        Assert.Contains("b1", error.Message, StringComparison.Ordinal);
    }
}
