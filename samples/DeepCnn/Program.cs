using System.CommandLine;
using ModelGen.Samples.DeepCnn.Commands;

// The book's chapters 7-8 on MNIST: SimpleConvNet and DeepConvNet, generated at compile time.
var root = new RootCommand("ModelGen convolutional networks on MNIST: the book's chapters 7 and 8.")
{
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    FiltersCommand.Create(),
    MisclassifiedCommand.Create(),
    BenchCommand.Create(),
    GradientCheckCommand.Create(),
    HalfFloatNetworkCommand.Create(),
    ApplyFilterCommand.Create(),
};
return root.Parse(args).Invoke();
