using System.CommandLine;
using ModelGen.Kernels;
using ModelGen.Samples.Mnist.Book;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>Chapter 3.2.3, ch03/step_function.py: the step function's graph (figure 3-6).</summary>
internal static class StepFunctionCommand
{
    public static Command Create() => ActivationFigure.Command(
        "step-function",
        "Chapter 3.2.3, figure 3-6: the step function on x = -5.0 to 4.9 (step 0.1), computed by the runtime's Step kernel; y from -0.1 to 1.1 as the book.",
        "fig3-06-step-function.png",
        (-0.1, 1.1),
        new ActivationCurve("step_function", Activations.Step, BookOutputs: [0, 1, 1]));
}
