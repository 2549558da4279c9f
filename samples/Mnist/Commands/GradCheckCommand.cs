using System.CommandLine;
using ModelGen.Data;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 5.7.3: backprop against the numerical gradient on a few training images, reported
/// as the mean absolute difference per parameter, as the book's gradient_check.py prints it.
/// </summary>
internal static class GradCheckCommand
{
    public static Command Create()
    {
        var samples = new Option<int>("--samples") { Description = "Training images to check on (the book uses 3).", DefaultValueFactory = _ => 3 };
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var command = new Command("gradcheck", "Compare backprop with numerical differentiation on TwoLayerNet (chapter 5.7.3).") { samples, data, seed, json };
        command.SetAction(result => SampleConsole.Run(() => Run(result.GetValue(samples), result.GetValue(data), result.GetValue(seed), result.GetValue(json))));
        return command;
    }

    private static int Run(int samples, string? dataDirectory, int seed, bool json)
    {
        if (samples < 1 || samples > TwoLayerNet.BatchSize) throw new ArgumentException($"--samples must be between 1 and {TwoLayerNet.BatchSize}, not {samples}.");
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: true);
        // Weights drawn with std 0.01 give gradients near 1e-4 that float32 differences cannot
        // resolve; a freshly drawn net is still the book's test, with a larger std for the check.
        var network = new TwoLayerNet(seed);
        var random = new Rng(seed);
        foreach (var p in network.Parameters) Initialization.Gaussian(p.Value, 0.1f, random);

        var check = mnist.Train.Slice(0, samples);
        IReadOnlyList<GradientCheck.Difference> differences = [];
        console.Out.Status().Start($"numerical gradient of {TwoLayerNet.ParameterCount:N0} parameters...",
            _ => differences = GradientCheck.Compare(network, check.Inputs, check.Labels, samples));

        var table = new Table().AddColumns("parameter", "mean |backprop - numerical|", "max", "mean |gradient|");
        foreach (var d in differences)
            table.AddRow(d.Parameter, $"{d.MeanAbsolute:E2}", $"{d.MaxAbsolute:E2}", $"{d.MeanMagnitude:E2}");
        console.Out.Write(table);
        if (json) SampleConsole.WriteJsonLine(differences.ToDictionary(d => d.Parameter, d => d.MeanAbsolute));
        return 0;
    }
}
