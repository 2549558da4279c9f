using System.CommandLine;
using ModelGen.Samples.Mnist.Commands;

// The book's chapters 2-6 on MNIST, as subcommands; run with --help for each one's options.
var root = new RootCommand("ModelGen on MNIST: the book's chapters 2-6 networks, generated at compile time.")
{
    TrainCommand.Create(),
    InferBookCommand.Create(),
    GradCheckCommand.Create(),
    GatesCommand.Create(),
    BenchCommand.Create(),
    OptimizerCompareNaiveCommand.Create(),
    OptimizerCompareMnistCommand.Create(),
    WeightInitActivationHistogramCommand.Create(),
    WeightInitCompareCommand.Create(),
    OverfitWeightDecayCommand.Create(),
    OverfitDropoutCommand.Create(),
    HyperparameterOptimizationCommand.Create(),
};
return root.Parse(args).Invoke();
