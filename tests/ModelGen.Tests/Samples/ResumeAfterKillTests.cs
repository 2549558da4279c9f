using System.Diagnostics;
using ModelGen.Serialization;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>
/// A training run killed outright (kill -9: no finally block, no flush) and resumed from its last
/// checkpoint ends bit for bit where an unbroken run ends: parameters, Adam's state, Batch
/// Normalization's running statistics, the Dropout generator's position and the per-epoch history.
/// </summary>
public sealed class ResumeAfterKillTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("simple", 3000)]
    [InlineData("deep", 1500)]    // Dropout: the generator's position must come back
    [InlineData("deep-bn", 1000)] // BatchNorm: the running statistics must come back
    public void A_killed_and_resumed_run_equals_an_unbroken_one(string model, int trainSize)
    {
        const int Epochs = 5;
        string[] Arguments(string checkpoint) =>
            ["train", "--model", model, "--epochs", $"{Epochs}", "--train-size", $"{trainSize}", "--test-size", "500",
             "--checkpoint", checkpoint, "--plot", checkpoint + ".png", "--seed", "3"];

        string straight = Path.Combine(_folder, model + "-straight.npz");
        SampleRunner.Run("deepcnn", _folder, Arguments(straight));

        string broken = Path.Combine(_folder, model + "-broken.npz");
        using (var run = SampleRunner.Start("deepcnn", _folder, Arguments(broken)))
        {
            // Drain both pipes, or a full one would stall the run; keep stderr's end for a failure message.
            var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
            run.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                errors.Enqueue(e.Data);
                while (errors.Count > 40) errors.TryDequeue(out string? _);
            };
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(broken) && !run.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(5);
            if (run.HasExited) run.WaitForExit(); // the asynchronous readers finish
            Assert.False(run.HasExited, $"the run ended before it could be killed (exit code {(run.HasExited ? run.ExitCode : 0)}):\n{string.Join('\n', errors)}");
            Thread.Sleep(Random.Shared.Next(0, 200)); // anywhere in the next epoch, or in its checkpoint's write
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }
        int reached = (int)Npz.Read(broken)["epoch"].Data[0];
        Assert.InRange(reached, 1, Epochs);
        SampleRunner.Run("deepcnn", _folder, [.. Arguments(broken), "--resume"]);

        var expected = Npz.Read(straight);
        var actual = Npz.Read(broken);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, array) in expected)
            Assert.True(array.Data.AsSpan().SequenceEqual(actual[name].Data), $"{model}: {name} differs after a kill at epoch {reached + 1} and a resume");
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*")); // a later save cleans up what the kill left
    }
}
