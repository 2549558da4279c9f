using System.CommandLine;
using ModelGen.Kernels;
using ModelGen.Samples.Mnist.Book;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>Chapter 3.2.5, ch03/sig_step_compare.py: sigmoid and step function together (figure 3-8).</summary>
internal static class SigStepCompareCommand
{
    public static Command Create() => ActivationFigure.Command(
        "sig-step-compare",
        "Chapter 3.2.5, figure 3-8: the sigmoid (solid) and the step function (dashed) on x = -5.0 to 4.9, computed by the runtime's kernels; y from -0.1 to 1.1 as the book.",
        "fig3-08-sig-step-compare.png",
        (-0.1, 1.1),
        new ActivationCurve("sigmoid", Activations.Sigmoid, BookOutputs: [0.26894142, 0.73105858, 0.88079708]),
        new ActivationCurve("step_function", Activations.Step, Dashed: true, BookOutputs: [0, 1, 1]));
}
