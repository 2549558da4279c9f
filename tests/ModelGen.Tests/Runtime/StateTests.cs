using ModelGen.Tests.Infrastructure;
using ModelGen.Data;
using ModelGen.IO;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Tests.EndToEnd;
using ModelGen.Training;

namespace ModelGen.Tests.Runtime;

/// <summary>
/// Non-learnable state (StateTensor): the random generator's position survives a float32 file
/// exactly, a network with Dropout resumes bit for bit, and bad state in a file changes nothing.
/// </summary>
public sealed class StateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-state-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_generator_moved_to_an_exported_position_draws_what_the_original_draws()
    {
        var original = new Rng(123);
        for (int i = 0; i < 1001; i++) original.NextGaussian(); // an odd count: a spare Gaussian is held
        var state = new float[Rng.StateLength];
        original.ExportState(state);

        var copy = new Rng(7);
        copy.ImportState(state);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(original.NextGaussian(), copy.NextGaussian());
            Assert.Equal(original.NextUInt(), copy.NextUInt());
        }
    }

    [Theory]
    [InlineData(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0 }, "13 values")]
    [InlineData(new float[] { 1.5f, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0 }, "whole numbers")]
    [InlineData(new float[] { 65536, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0 }, "whole numbers")]
    [InlineData(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 2, 0, 0, 0, 0 }, "spare flag")]
    [InlineData(new float[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "all zero")]
    public void What_is_not_a_generator_state_is_named(float[] state, string problem)
    {
        Assert.Contains(problem, Rng.CheckState(state), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Rng(1).ImportState(state));
    }

    [Fact]
    public void A_network_with_dropout_lists_its_generator_as_state_and_one_without_lists_none()
    {
        Assert.Equal(["random"], new DropoutNet(seed: 1).State.Select(s => s.Name));
        Assert.Empty(new ReluNet(seed: 1).State);
    }

    [Fact]
    public void A_run_with_dropout_resumed_from_a_checkpoint_matches_one_that_never_stopped() =>
        ResumeCheck.AssertResumeMatches(seed => new DropoutNet(seed), Data(24), epochs: 3, learningRate: 0.01f);

    [Fact]
    public void A_checkpoint_without_the_generator_state_is_refused_and_changes_nothing()
    {
        var network = new DropoutNet(seed: 1);
        string path = Path.Combine(_folder, "no-state.npz");
        Npz.Write(path, network.Parameters.Select(p => new NpyArray(p.Name, [.. p.Shape], p.Value))
            .Append(new NpyArray("epoch", [], [1f]))
            .Append(new NpyArray("optimizer.Sgd.none", [1], [0f])));
        var target = new DropoutNet(seed: 2);
        var before = target.Parameters.Select(p => p.Value.ToArray()).ToList();
        var error = Assert.Throws<InvalidDataFileException>(() => Checkpoint.Load(path, target, new Sgd(0.1f)));
        Assert.Contains("random", error.Message, StringComparison.Ordinal);
        for (int p = 0; p < before.Count; p++) Assert.Equal(before[p], target.Parameters[p].Value);
    }

    [Fact]
    public void A_weights_file_with_a_damaged_generator_state_is_refused_and_changes_nothing()
    {
        var source = new DropoutNet(seed: 1);
        string path = Path.Combine(_folder, "bad-state.npz");
        var damaged = new float[Rng.StateLength]; // all zero: no generator is ever there
        Npz.Write(path, source.Parameters.Select(p => new NpyArray(p.Name, [.. p.Shape], p.Value)).Append(new NpyArray("random", [Rng.StateLength], damaged)));
        var target = new DropoutNet(seed: 2);
        var before = target.Parameters.Select(p => p.Value.ToArray()).ToList();
        var stateBefore = target.State[0].Read();
        var error = Assert.Throws<InvalidDataFileException>(() => target.Load(path));
        Assert.Contains("state random", error.Message, StringComparison.Ordinal);
        for (int p = 0; p < before.Count; p++) Assert.Equal(before[p], target.Parameters[p].Value);
        Assert.Equal(stateBefore, target.State[0].Read());
    }

    [Fact]
    public void Weights_saved_by_a_network_with_dropout_load_with_its_generator_position()
    {
        var source = new DropoutNet(seed: 1);
        var (inputs, labels) = (Data(4).Inputs, Data(4).Labels);
        source.TrainStep(inputs, labels, 4, new Sgd(0.1f)); // moves the generator
        string path = Path.Combine(_folder, "weights.npz");
        source.Save(path);
        var copy = new DropoutNet(seed: 5);
        copy.Load(path);
        Assert.Equal(source.State[0].Read(), copy.State[0].Read());
        Assert.Equal(source.W1, copy.W1);
    }

    [Fact]
    public void Redrawing_with_He_at_run_time_gives_the_weights_a_He_declaration_draws()
    {
        var declared = new DeepConvNet(seed: 3); // declared Init = WeightInit.He
        var redrawn = new DeepConvNet(seed: 4);
        Initialization.Redraw(redrawn, WeightInit.He, seed: 3);
        for (int p = 0; p < declared.Parameters.Count; p++)
            Assert.Equal(declared.Parameters[p].Value, redrawn.Parameters[p].Value);
    }

    private static Dataset Data(int count)
    {
        var random = new Rng(21);
        var inputs = new float[count * 5];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextFloat();
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = random.NextInt(3);
        return new Dataset(inputs, labels, [5]);
    }
}
