using System.CommandLine;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Chapter 7.5, the book's ch07/gradient_check.py: SimpleConvNet's backprop (convolution and
/// pooling included) against numerical differentiation on a small network and one random
/// 10x10 image with label 1, reported per parameter as the mean absolute difference, as the
/// book prints it.
/// </summary>
internal static class GradientCheckCommand
{
    public static Command Create()
    {
        var std = new Option<float>("--std")
        {
            Description = "Standard deviation of the initial weights. The book's is 0.01, whose gradients (near 1e-4) float32 differences cannot resolve.",
            DefaultValueFactory = _ => 0.1f,
        };
        var step = new Option<float>("--step")
        {
            Description = "h of the central difference. The book's 1e-4 suits its float64; the loss is float32 here, where that drowns in rounding, and a much larger h crosses more ReLU and max-pool kinks.",
            DefaultValueFactory = _ => 3e-3f,
        };
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var command = new Command("gradient-check",
            "Compare SimpleConvNet's backprop with numerical differentiation on a 1x10x10 input (chapter 7.5, ch07/gradient_check.py).")
        { std, step, seed, json };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(std), r.GetValue(step), r.GetValue(seed), r.GetValue(json))));
        return command;
    }

    private static int Run(float std, float step, int seed, bool json)
    {
        if (!(std > 0)) throw new ArgumentException($"--std must be positive, not {std}.");
        if (!(step > 0)) throw new ArgumentException($"--step must be positive, not {step}.");
        var console = new SampleConsole(json);
        // The generated initialisation is the book's std 0.01; drawn again with --std.
        var network = new SmallSimpleConvNet(seed);
        Initialization.Redraw(network, WeightInit.Gaussian, seed, std);

        // The book's X = np.random.rand(100).reshape((1, 1, 10, 10)) and T = [1]; the image has
        // a generator of its own, so that its pixels are not the weights' draws.
        var random = new Rng(seed + 1L);
        var image = new float[SmallSimpleConvNet.InputSize];
        for (int i = 0; i < image.Length; i++) image[i] = random.NextFloat();
        int[] label = [1];

        var differences = GradientCheck.Compare(network, image, label, 1, step);

        console.Out.MarkupLineInterpolated($"SimpleConvNet 1x10x10 - conv 10x3x3 - relu - pool 2 - dense 10 - relu - dense 10, std {std}, one random image, label 1, h = {step}:");
        var table = new Table().AddColumns("parameter", "mean |backprop - numerical|", "max", "mean |gradient|", "mean difference / mean |gradient|");
        foreach (var d in differences)
            table.AddRow(d.Parameter, $"{d.MeanAbsolute:E2}", $"{d.MaxAbsolute:E2}", $"{d.MeanMagnitude:E2}", $"{Relative(d):E1}");
        console.Out.Write(table);
        console.Out.MarkupLine("[grey]The book computes in float64 with h = 1e-4, so its differences are far smaller; here the loss is float32, so "
            + "compare each difference with the gradient's own size. W1 and b1 differ most: a step of h moves some conv outputs across "
            + "the ReLU's kink or changes a max-pool winner, where the numerical gradient is not the derivative.[/]");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Std = std,
                Step = step,
                Parameters = differences.ToDictionary(d => d.Parameter, d => new { d.MeanAbsolute, d.MaxAbsolute, d.MeanMagnitude }),
            });
        }
        return 0;
    }

    private static double Relative(GradientCheck.Difference d) => d.MeanMagnitude > 0 ? d.MeanAbsolute / d.MeanMagnitude : double.NaN;
}
