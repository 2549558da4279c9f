using System.CommandLine;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Test accuracy of weights on all 10,000 test images. With the book's published weights it
/// must reproduce the book's own figure: 0.9890 for SimpleConvNet, 0.9935 for DeepConvNet.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var weights = new Option<string?>("--weights") { Description = "An .npz of parameters (book layout) or a checkpoint. Default: the book's published weights for the model." };
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("evaluate", "Test accuracy of a network's weights; the book's weights reproduce the book's accuracy.") { model, weights, data, json };
        command.SetAction(r => SampleConsole.Run(() => Run(Model.Named(r.GetValue(model)!), r.GetValue(weights), r.GetValue(data), r.GetValue(json))));
        return command;
    }

    private static int Run(Model model, string? weightsPath, string? dataDirectory, bool json)
    {
        bool bookWeights = weightsPath is null;
        weightsPath = model.WeightsOrBook(weightsPath);
        var console = new SampleConsole(json);
        var mnist = console.LoadMnist(dataDirectory, flatten: false);
        var network = model.Create(0);
        Serialization.ParameterFile.Load(network, weightsPath);
        var predictions = Training.Evaluation.Predict(network, mnist.Test);
        int correct = predictions.Where((p, i) => p == mnist.Test.Labels[i]).Count();
        double accuracy = (double)correct / mnist.Test.Count;
        console.Out.MarkupLineInterpolated($"{model.Title} with {weightsPath}: {correct:N0} of {mnist.Test.Count:N0} test images right, accuracy {accuracy:F4}");
        if (bookWeights)
        {
            int bookCorrect = (int)Math.Round(model.BookAccuracy * mnist.Test.Count);
            string verdict = correct == bookCorrect ? "[green]the same as the book[/]" : $"[yellow]{correct - bookCorrect:+#;-#} images against the book[/]";
            console.Out.MarkupLine($"the book's NumPy code: {model.BookAccuracy:F4}; {verdict}");
        }
        if (json) SampleConsole.WriteJsonLine(new { Model = model.Name, Weights = weightsPath, TestAccuracy = accuracy, Correct = correct, BookAccuracy = bookWeights ? model.BookAccuracy : (double?)null });
        return 0;
    }
}
