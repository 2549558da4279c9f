using System.CommandLine;
using System.Diagnostics;
using ModelGen.Data;
using ModelGen.Optimizers;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 5.7.4: TwoLayerNet (784-50-10, ReLU) trained by backprop with SGD, lr 0.1, batch 100.
/// Reports training and test accuracy on the full sets after each epoch.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "Passes over the 60,000 training images.", DefaultValueFactory = _ => 17 };
        var learningRate = new Option<float>("--lr") { Description = "SGD learning rate.", DefaultValueFactory = _ => 0.1f };
        var save = new Option<string?>("--save") { Description = "Write the trained parameters to this .npz file." };
        var data = CommonOptions.Data();
        var fashion = CommonOptions.Fashion();
        var json = CommonOptions.Json();
        var seed = CommonOptions.Seed();
        var command = new Command("train", "Train the book's TwoLayerNet (chapter 5) on MNIST with SGD.") { epochs, learningRate, save, data, fashion, json, seed };
        command.SetAction(result => SampleConsole.Run(() => Run(
            result.GetValue(epochs), result.GetValue(learningRate), result.GetValue(save),
            result.GetValue(data), result.GetValue(fashion) ? MnistVariant.Fashion : MnistVariant.Digits, result.GetValue(json), result.GetValue(seed))));
        return command;
    }

    private static int Run(int epochs, float learningRate, string? savePath, string? dataDirectory, MnistVariant variant, bool json, int seed)
    {
        if (epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {epochs}.");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true, variant);
        var network = new TwoLayerNet(seed);
        var trainer = new Trainer(network, new Sgd(learningRate), seed);
        console.Out.MarkupLineInterpolated($"TwoLayerNet: {TwoLayerNet.ParameterCount:N0} parameters, SGD lr {learningRate}, batch {TwoLayerNet.BatchSize}, {epochs} epochs");

        var table = new Table().AddColumns("epoch", "loss", "train acc", "test acc", "seconds");
        double trainingSeconds = 0, testAccuracy = 0, trainAccuracy = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double loss = TrainingProgress.RunEpoch(console.Out, trainer, mnist.Train, epochs);
            double seconds = clock.Elapsed.TotalSeconds;
            trainingSeconds += seconds;
            trainAccuracy = network.Accuracy(mnist.Train);
            testAccuracy = network.Accuracy(mnist.Test);
            console.Out.MarkupLineInterpolated($"epoch {epoch,2}: loss {loss:F4}  train acc {trainAccuracy:F4}  test acc {testAccuracy:F4}  ({seconds:F2} s)");
            table.AddRow($"{epoch}", $"{loss:F4}", $"{trainAccuracy:F4}", $"{testAccuracy:F4}", $"{seconds:F2}");
        }
        if (savePath is not null)
        {
            network.Save(savePath);
            console.Out.MarkupLineInterpolated($"parameters written to {savePath}");
        }
        double imagesPerSecond = epochs * (double)mnist.Train.Count / trainingSeconds;
        console.Out.MarkupLineInterpolated($"[green]test accuracy {testAccuracy:F4}[/] after {epochs} epochs; training {imagesPerSecond:N0} images/s");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Model = "TwoLayerNet",
                Dataset = variant.ToString(),
                TestAccuracy = testAccuracy,
                TrainAccuracy = trainAccuracy,
                Epochs = epochs,
                Seconds = Math.Round(trainingSeconds, 3),
                TrainImagesPerSecond = Math.Round(imagesPerSecond),
            });
        }
        return 0;
    }
}
