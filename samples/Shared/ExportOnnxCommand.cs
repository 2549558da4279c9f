using System.CommandLine;
using Spectre.Console;

namespace ModelGen.Samples;

/// <summary>A network `export-onnx` can write: how to make it, and the weights it uses by default.</summary>
/// <param name="Name">The name --model takes.</param>
/// <param name="Create">The network (its weights are then loaded).</param>
/// <param name="BookWeights">The book's published weights for it, or null: then the `train` command's checkpoint.</param>
public sealed record ExportableNetwork(string Name, Func<INetwork> Create, string? BookWeights);

/// <summary>
/// `export-onnx`: a network with its trained or published weights as an ONNX model (the
/// generated ExportOnnx: opset 13, input "input", output "output", a symbolic batch), for ONNX
/// Runtime and the rest of the world.
/// </summary>
public static class ExportOnnxCommand
{
    public static Command Create(IReadOnlyList<ExportableNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var model = new Option<string>("--model") { Description = "The network: " + string.Join(", ", networks.Select(n => n.Name)) + ".", DefaultValueFactory = _ => networks[0].Name };
        model.AcceptOnlyFromAmong([.. networks.Select(n => n.Name)]);
        var weights = new Option<string?>("--weights") { Description = "Parameters (.npz) or a checkpoint. Default: the book's published weights, else runs/checkpoints/{model}.npz from `train`." };
        var output = new Option<string?>("--out") { Description = "The .onnx file. Default: runs/onnx/{model}.onnx." };
        var json = CommonOptions.Json();
        var command = new Command("export-onnx", "Write a network with its weights as an ONNX model (opset 13).") { model, weights, output, json };
        command.SetAction(r => SampleConsole.Run(() => Run(networks.Single(n => n.Name == r.GetValue(model)), r.GetValue(weights), r.GetValue(output), r.GetValue(json))));
        return command;
    }

    private static int Run(ExportableNetwork chosen, string? weightsPath, string? outputPath, bool json)
    {
        var console = new SampleConsole(json);
        weightsPath ??= chosen.BookWeights is { } book ? CommonOptions.BookWeights(book) : Path.Combine("runs", "checkpoints", chosen.Name + ".npz");
        if (!File.Exists(weightsPath))
            throw new FileNotFoundException($"No weights at {weightsPath}: train first (`train --model {chosen.Name}`) or give --weights.", weightsPath);
        outputPath ??= Path.Combine("runs", "onnx", chosen.Name + ".onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        var network = chosen.Create();
        Serialization.ParameterFile.Load(network, weightsPath);
        network.ExportOnnx(outputPath);
        long bytes = new FileInfo(outputPath).Length;
        console.Out.MarkupLineInterpolated($"{chosen.Name} with {Path.GetFileName(weightsPath)} written to {Path.GetFullPath(outputPath)} ({bytes:N0} bytes)");
        if (json) SampleConsole.WriteJsonLine(new { Model = chosen.Name, Weights = weightsPath, Onnx = outputPath, Bytes = bytes });
        return 0;
    }
}
