using System.CommandLine;
using System.Diagnostics;
using ModelGen.Data;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples;

/// <summary>What the shared `train` command needs to know about one network.</summary>
/// <param name="Name">The name in file names and --model: two-layer, simple, deep, ...</param>
/// <param name="Title">How output names it: "TwoLayerNet (chapter 5)".</param>
/// <param name="Create">The network, seeded.</param>
/// <param name="Optimizer">The book's optimizer for it, at a learning rate.</param>
/// <param name="LearningRate">The book's learning rate.</param>
/// <param name="Epochs">The book's number of epochs.</param>
/// <param name="Flatten">Whether the network takes flat 784-value samples rather than 1x28x28 maps.</param>
public sealed record TrainingSetup(string Name, string Title, Func<int, ITrainableNetwork> Create, Func<float, Optimizer> Optimizer, float LearningRate, int Epochs, bool Flatten);

/// <summary>
/// The `train` command both samples share, so the same job reads the same way everywhere: the
/// book's optimizer and settings, test accuracy after each epoch, a checkpoint after each epoch
/// (parameters, state, optimizer, epoch and the history so far) under runs/checkpoints, --resume
/// to continue from it, a plot of loss and accuracy under runs/figures, and --json.
/// </summary>
public static class TrainingCommand
{
    public static Command Create(string description, IReadOnlyList<TrainingSetup> setups)
    {
        ArgumentNullException.ThrowIfNull(setups);
        var model = new Option<string>("--model")
        {
            Description = "The network: " + string.Join("; ", setups.Select(s => $"{s.Name}: {s.Title}")) + ".",
            DefaultValueFactory = _ => setups[0].Name,
        };
        model.AcceptOnlyFromAmong([.. setups.Select(s => s.Name)]);
        var epochs = new Option<int?>("--epochs") { Description = "Epochs to train in all, a resumed run's included. Default: the book's (" + string.Join(", ", setups.Select(s => $"{s.Name} {s.Epochs}")) + ")." };
        var learningRate = new Option<float?>("--lr") { Description = "The learning rate. Default: the book's." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint written after every epoch. Default: runs/checkpoints/{model}.npz." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint instead of starting afresh." };
        var plot = new Option<string?>("--plot") { Description = "PNG of loss and accuracy per epoch. Default: runs/figures/{model}-training.png." };
        var trainSize = new Option<int?>("--train-size") { Description = "Train on the first N training images only (a quick run). Default: all 60,000." };
        var testSize = new Option<int?>("--test-size") { Description = "Test on the first N test images only. Default: all 10,000." };
        var data = CommonOptions.Data();
        var fashion = CommonOptions.Fashion();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command("train", description) { epochs, learningRate, checkpoint, resume, plot, trainSize, testSize, data, fashion, threads, json, seed };
        if (setups.Count > 1) command.Options.Insert(0, model);
        command.SetAction(r => SampleConsole.Run(() =>
        {
            CommonOptions.ApplyThreads(r.GetValue(threads));
            var setup = setups.Count > 1 ? setups.Single(s => s.Name == r.GetValue(model)) : setups[0];
            var options = new Options(r.GetValue(epochs) ?? setup.Epochs, r.GetValue(learningRate) ?? setup.LearningRate, r.GetValue(checkpoint), r.GetValue(resume),
                r.GetValue(plot), r.GetValue(trainSize), r.GetValue(testSize), r.GetValue(data), r.GetValue(fashion) ? MnistVariant.Fashion : MnistVariant.Digits, r.GetValue(seed));
            return Run(setup, options, r.GetValue(json));
        }));
        return command;
    }

    private sealed record Options(int Epochs, float LearningRate, string? Checkpoint, bool Resume, string? Plot, int? TrainSize, int? TestSize, string? Data, MnistVariant Variant, int Seed);

    private static int Run(TrainingSetup setup, Options options, bool json)
    {
        if (options.Epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {options.Epochs}.");
        if (!(options.LearningRate > 0)) throw new ArgumentException($"--lr must be positive, not {options.LearningRate}.");
        string stem = options.Variant == MnistVariant.Fashion ? setup.Name + "-fashion" : setup.Name;
        string checkpointPath = options.Checkpoint ?? Path.Combine("runs", "checkpoints", stem + ".npz");
        string plotPath = options.Plot ?? Path.Combine(Figures.DefaultFolder, stem + "-training.png");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(options.Data, setup.Flatten, options.Variant);
        var train = Subset(mnist.Train, options.TrainSize, "--train-size");
        var test = Subset(mnist.Test, options.TestSize, "--test-size");
        var network = setup.Create(options.Seed);
        var optimizer = setup.Optimizer(options.LearningRate);
        var trainer = new Trainer(network, optimizer, options.Seed);
        trainer.Warning += message => console.Out.MarkupLineInterpolated($"[yellow]warning:[/] {message}");
        if (options.Resume)
        {
            if (!File.Exists(checkpointPath)) throw new FileNotFoundException($"--resume: no checkpoint at {checkpointPath}.", checkpointPath);
            trainer.Epoch = Checkpoint.Load(checkpointPath, network, optimizer);
            console.Out.MarkupLineInterpolated($"resumed from {checkpointPath} after epoch {trainer.Epoch}");
        }
        console.Out.MarkupLineInterpolated($"{setup.Title}: {network.Parameters.Sum(p => p.Size):N0} parameters, {optimizer.GetType().Name} lr {options.LearningRate}, batch {network.BatchSize}, {KernelThreadsText()}");

        List<EpochRecord> history = options.Resume ? SavedHistory(checkpointPath, trainer.Epoch) : [];
        int resumedEpochs = history.Count;
        double trainingSeconds = 0, testAccuracy = double.NaN;
        long trainedImages = 0;
        while (trainer.Epoch < options.Epochs)
        {
            var clock = Stopwatch.StartNew();
            double loss = TrainingProgress.RunEpoch(console.Out, trainer, train, options.Epochs);
            double seconds = clock.Elapsed.TotalSeconds;
            trainingSeconds += seconds;
            trainedImages += train.Count;
            testAccuracy = Evaluation.Accuracy(network, test);
            history.Add(new EpochRecord(trainer.Epoch, loss, testAccuracy));
            Checkpoint.Save(checkpointPath, network, optimizer, trainer.Epoch, HistoryArrays(history));
            console.Out.MarkupLineInterpolated($"epoch {trainer.Epoch,2}: loss {loss:F4}  test acc {testAccuracy:F4}  ({seconds:F1} s, {train.Count / seconds:N0} img/s)");
        }
        if (history.Count == resumedEpochs)
        {
            testAccuracy = Evaluation.Accuracy(network, test);
            console.Out.MarkupLineInterpolated($"the checkpoint already has {trainer.Epoch} epochs; test acc {testAccuracy:F4}");
        }
        else
        {
            TrainingPlot.Write(plotPath, setup.Title, history);
            console.Out.MarkupLineInterpolated($"[green]test accuracy {testAccuracy:F4}[/] after {trainer.Epoch} epochs; checkpoint {checkpointPath}; plot {plotPath}");
        }
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Model = setup.Name,
                Dataset = options.Variant.ToString(),
                TestAccuracy = testAccuracy,
                Epochs = trainer.Epoch,
                Seconds = Math.Round(trainingSeconds, 3),
                TrainImagesPerSecond = trainingSeconds > 0 ? Math.Round(trainedImages / trainingSeconds) : 0,
                Checkpoint = checkpointPath,
                Plot = history.Count == resumedEpochs ? null : plotPath,
            });
        }
        return 0;
    }

    private static string KernelThreadsText() => $"{ModelGen.Kernels.KernelThreads.ThreadCount} kernel threads";

    /// <summary>The first <paramref name="size"/> samples, or all of them when no size is given.</summary>
    private static Dataset Subset(Dataset data, int? size, string option)
    {
        if (size is null) return data;
        if (size < 1 || size > data.Count) throw new ArgumentException($"{option} must be between 1 and {data.Count}, not {size}.");
        return data.Slice(0, size.Value);
    }

    /// <summary>Per-epoch figures as the checkpoint stores them.</summary>
    private static Dictionary<string, float[]> HistoryArrays(List<EpochRecord> history) => new()
    {
        ["loss"] = history.Select(r => (float)r.Loss).ToArray(),
        ["test_accuracy"] = history.Select(r => (float)r.TestAccuracy).ToArray(),
    };

    /// <summary>
    /// The epochs a resumed checkpoint already has, for the plot; empty when the checkpoint was
    /// written without them (the plot then starts at the resumed epoch).
    /// </summary>
    private static List<EpochRecord> SavedHistory(string checkpointPath, int epochs)
    {
        var saved = Checkpoint.History(checkpointPath);
        if (!saved.TryGetValue("loss", out var loss) || !saved.TryGetValue("test_accuracy", out var accuracy)
            || loss.Length != epochs || accuracy.Length != epochs)
        {
            return [];
        }
        return [.. Enumerable.Range(0, epochs).Select(i => new EpochRecord(i + 1, loss[i], accuracy[i]))];
    }
}
