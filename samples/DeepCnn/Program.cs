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
    SummaryCommand.Create(Model.Names.ToDictionary(name => name, name => Model.Named(name).Summary)),
    BenchCommand.Create(),
    ExportOnnxCommand.Create([.. new[] { Model.Deep, Model.Simple, Model.DeepBatchNorm }.Select(m => new ExportableNetwork(m.Name, () => m.Create(0), m.BookWeights))]),
    GradientCheckCommand.Create(),
    HalfFloatNetworkCommand.Create(),
    ApplyFilterCommand.Create(),
    ConvertCommand.Create(),
};
return SampleProgram.Run(root, args);
