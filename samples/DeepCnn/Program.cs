using System.CommandLine;
using ModelGen.Samples;
using ModelGen.Samples.DeepCnn;
using ModelGen.Samples.DeepCnn.Commands;

// The book's chapters 7-8 on MNIST: SimpleConvNet and DeepConvNet, generated at compile time.
var root = new RootCommand("ModelGen convolutional networks on MNIST: the book's chapters 7 and 8.")
{
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    FiltersCommand.Create(),
    MisclassifiedCommand.Create(),
    SummaryCommand.Create(Model.All.ToDictionary(m => m.Name, m => m.Summary)),
    BenchCommand.Create(),
    ExportOnnxCommand.Create([.. Model.DeepFirst.Select(m => new ExportableNetwork(m.Name, () => m.Create(0), m.BookWeights))]),
    GradientCheckCommand.Create(),
    HalfFloatNetworkCommand.Create(),
    ApplyFilterCommand.Create(),
    ConvertCommand.Create(),
};
return SampleProgram.Run(root, args);
