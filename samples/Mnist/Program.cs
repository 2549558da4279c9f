using System.CommandLine;
using ModelGen.Samples.Mnist.Commands;

// The book's chapters 2-6 on MNIST, as subcommands; run with --help for each one's options.
var root = new RootCommand("ModelGen on MNIST: the book's chapters 2-6 networks, generated at compile time.")
{
    TrainCommand.Create(),
    GradCheckCommand.Create(),
    GatesCommand.Create(),
    BenchCommand.Create(),
    StepFunctionCommand.Create(),
    SigmoidCommand.Create(),
    SigStepCompareCommand.Create(),
    ReluCommand.Create(),
    MnistShowCommand.Create(),
    NeuralnetMnistCommand.Create(),
    NeuralnetMnistBatchCommand.Create(),
    Gradient1dCommand.Create(),
    Gradient2dCommand.Create(),
    GradientMethodCommand.Create(),
    GradientSimplenetCommand.Create(),
    TrainNeuralnetCommand.Create(),
    LayerNaiveCommand.Create(),
    BuyAppleCommand.Create(),
    BuyAppleOrangeCommand.Create(),
};
return root.Parse(args).Invoke();
