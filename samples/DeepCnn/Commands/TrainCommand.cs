using System.CommandLine;
using System.Diagnostics;
using ModelGen.Data;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Chapters 7.5 and 8.1: SimpleConvNet or DeepConvNet with Adam (lr 0.001), batch 100. Test
/// accuracy on all 10,000 test images after each epoch, a checkpoint after each epoch
/// (parameters, Adam's state and the epoch), and --resume to continue from it.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var epochs = new Option<int>("--epochs") { Description = "Epochs to train in all (a resumed run counts those already done).", DefaultValueFactory = _ => 20 };
        var learningRate = new Option<float>("--lr") { Description = "Adam's learning rate.", DefaultValueFactory = _ => 0.001f };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint file written after every epoch. Default: checkpoints/{model}.npz." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint instead of starting afresh." };
        var plot = new Option<string?>("--plot") { Description = "Write a PNG of loss and accuracy per epoch. Default: {model}-training.png." };
        var trainSize = new Option<int?>("--train-size") { Description = "Train on the first N training images only (a quick run). Default: all 60,000." };
        var testSize = new Option<int?>("--test-size") { Description = "Test on the first N test images only. Default: all 10,000." };
        var data = CommonOptions.Data();
        var fashion = CommonOptions.Fashion();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command("train", "Train SimpleConvNet or DeepConvNet on MNIST with Adam.") { model, epochs, learningRate, checkpoint, resume, plot, trainSize, testSize, data, fashion, json, seed };
        command.SetAction(r => SampleConsole.Run(() => Run(Model.Named(r.GetValue(model)!), r.GetValue(epochs), r.GetValue(learningRate),
            r.GetValue(checkpoint), r.GetValue(resume), r.GetValue(plot), r.GetValue(trainSize), r.GetValue(testSize), r.GetValue(data),
            r.GetValue(fashion) ? MnistVariant.Fashion : MnistVariant.Digits, r.GetValue(json), r.GetValue(seed))));
        return command;
    }

    private static int Run(Model model, int epochs, float learningRate, string? checkpointPath, bool resume, string? plotPath,
        int? trainSize, int? testSize, string? dataDirectory, MnistVariant variant, bool json, int seed)
    {
        if (epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {epochs}.");
        string stem = variant == MnistVariant.Fashion ? model.Name + "-fashion" : model.Name;
        checkpointPath ??= Path.Combine("checkpoints", stem + ".npz");
        plotPath ??= stem + "-training.png";
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: false, variant);
        var train = Subset(mnist.Train, trainSize, "--train-size");
        var test = Subset(mnist.Test, testSize, "--test-size");
        var network = model.Create(seed);
        var optimizer = new Adam(learningRate);
        var trainer = new Trainer(network, optimizer, seed);
        if (resume)
        {
            if (!File.Exists(checkpointPath)) throw new FileNotFoundException($"--resume: no checkpoint at {checkpointPath}.", checkpointPath);
            trainer.Epoch = Checkpoint.Load(checkpointPath, network, optimizer);
            console.Out.MarkupLineInterpolated($"resumed from {checkpointPath} after epoch {trainer.Epoch}");
        }
        console.Out.MarkupLineInterpolated($"{model.Title}: {network.Parameters.Sum(p => p.Size):N0} parameters, Adam lr {learningRate}, batch {network.BatchSize}, {Environment.ProcessorCount} cores");

        List<EpochRecord> history = resume ? SavedHistory(checkpointPath, trainer.Epoch) : [];
        int resumedEpochs = history.Count;
        double trainingSeconds = 0, testAccuracy = double.NaN;
        int trainedImages = 0;
        while (trainer.Epoch < epochs)
        {
            var clock = Stopwatch.StartNew();
            double loss = TrainingProgress.RunEpoch(console.Out, trainer, train, epochs);
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
            Pictures.TrainingPlot.Write(plotPath, model.Title, history);
            console.Out.MarkupLineInterpolated($"[green]test accuracy {testAccuracy:F4}[/] after {trainer.Epoch} epochs; checkpoint {checkpointPath}; plot {plotPath}");
        }
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Model = model.Name,
                Dataset = variant.ToString(),
                TestAccuracy = testAccuracy,
                Epochs = trainer.Epoch,
                Seconds = Math.Round(trainingSeconds, 3),
                TrainImagesPerSecond = trainingSeconds > 0 ? Math.Round(trainedImages / trainingSeconds) : 0,
                Checkpoint = checkpointPath,
            });
        }
        return 0;
    }

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

/// <summary>One epoch's figures, for the plot.</summary>
internal sealed record EpochRecord(int Epoch, double Loss, double TestAccuracy);
