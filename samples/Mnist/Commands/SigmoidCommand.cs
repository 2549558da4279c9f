using System.CommandLine;
using ModelGen.Kernels;
using ModelGen.Samples.Mnist.Book;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>Chapter 3.2.4, ch03/sigmoid.py: the sigmoid function's graph (figure 3-7).</summary>
internal static class SigmoidCommand
{
    public static Command Create() => ActivationFigure.Command(
        "sigmoid",
        "Chapter 3.2.4, figure 3-7: the sigmoid function on x = -5.0 to 4.9 (step 0.1), computed by the runtime's Sigmoid kernel; y from -0.1 to 1.1 as the book.",
        "fig3-07-sigmoid.png",
        (-0.1, 1.1),
        new ActivationCurve("sigmoid", Activations.Sigmoid, BookOutputs: [0.26894142, 0.73105858, 0.88079708]));
}
