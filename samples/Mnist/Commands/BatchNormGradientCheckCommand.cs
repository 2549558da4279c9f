using System.CommandLine;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 6.3, batch_norm_gradient_check.py: Batch Normalization's backward pass against the
/// numerical gradient, in training mode (batch statistics), on a 784-100-100-10 network with a
/// BatchNorm after each hidden layer. The book checks one image; with one image every
/// normalised value is 0 (a batch of one has no spread), so most gradients are 0 in both and the
/// last BatchNorm's output sits exactly on ReLU's kink, where central differences see half a
/// slope and backprop none. The default checks a batch of 10; --samples 1 is the book's case.
/// </summary>
internal static class BatchNormGradientCheckCommand
{
    public static Command Create()
    {
        var samples = new Option<int>("--samples") { Description = "Training images in the batch (the book: 1, a degenerate batch; see the command's notes).", DefaultValueFactory = _ => 10 };
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var command = new Command("batch-norm-gradient-check", "Compare Batch Normalization's backprop with numerical differentiation (chapter 6.3).") { samples, data, seed, json };
        command.SetAction(result => SampleConsole.Run(() => Run(result.GetValue(samples), result.GetValue(data), result.GetValue(seed), result.GetValue(json))));
        return command;
    }

    private static int Run(int samples, string? dataDirectory, int seed, bool json)
    {
        if (samples < 1 || samples > BatchNormCheckNet.BatchSize) throw new ArgumentException($"--samples must be between 1 and {BatchNormCheckNet.BatchSize}, not {samples}.");
        var console = new SampleConsole(json);
        var check = console.LoadMnist(dataDirectory, flatten: true).Train.Slice(0, samples);
        var network = new BatchNormCheckNet(seed);
        IReadOnlyList<GradientCheck.Difference> differences = [];
        console.Out.Status().Start($"numerical gradient of {BatchNormCheckNet.ParameterCount:N0} parameters in training mode...",
            _ => differences = GradientCheck.Compare(network, check.Inputs, check.Labels, samples, training: true));

        var table = new Table().AddColumns("parameter", "mean |backprop - numerical|", "max", "mean |gradient|");
        foreach (var d in differences)
            table.AddRow(d.Parameter, $"{d.MeanAbsolute:E2}", $"{d.MaxAbsolute:E2}", $"{d.MeanMagnitude:E2}");
        console.Out.Write(table);
        console.Out.MarkupLine("[grey]The book (float64, h = 1e-4) prints differences of 1e-10 and below; in float32 with h = 1e-2, differences well under the gradients' size agree.[/]");
        if (samples == 1)
            console.Out.MarkupLine("[grey]With one image every normalised value is 0: the gradients are 0, and where a ReLU reads exactly 0 the numerical gradient sees half a slope that backprop, by definition, does not.[/]");
        if (json) SampleConsole.WriteJsonLine(new { Samples = samples, Differences = differences.ToDictionary(d => d.Parameter, d => new { d.MeanAbsolute, d.MaxAbsolute, d.MeanMagnitude }) });
        return 0;
    }
}
