using System.CommandLine;
using ModelGen.Kernels;
using ModelGen.Samples.Mnist.Book;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>Chapter 3.2.7, ch03/relu.py: the ReLU function's graph (figure 3-9).</summary>
internal static class ReluCommand
{
    public static Command Create() => ActivationFigure.Command(
        "relu",
        "Chapter 3.2.7, figure 3-9: the ReLU function on x = -5.0 to 4.9 (step 0.1), computed by the runtime's Relu kernel; y from -1.0 to 5.5 as the book.",
        "fig3-09-relu.png",
        (-1.0, 5.5),
        new ActivationCurve("relu", Activations.Relu));
}
