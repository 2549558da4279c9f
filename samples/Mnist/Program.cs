using System.CommandLine;
using ModelGen;
using ModelGen.Samples;
using ModelGen.Samples.Mnist;
using ModelGen.Samples.Mnist.Commands;

// The book's chapters 2-6 on MNIST, as subcommands named after the book's scripts, in the
// book's order; run with --help for each one's options.
var root = new RootCommand("ModelGen on MNIST: the book's chapters 2-6 networks, generated at compile time.")
{
    // Chapter 2: perceptrons.
    GatesCommand.Create(),
    // Chapter 3: activations, and inference with the book's weights.
    StepFunctionCommand.Create(),
    SigmoidCommand.Create(),
    SigStepCompareCommand.Create(),
    ReluCommand.Create(),
    MnistShowCommand.Create(),
    NeuralnetMnistCommand.Create(),
    NeuralnetMnistBatchCommand.Create(),
    // Chapter 4: numerical gradients and learning.
    Gradient1dCommand.Create(),
    Gradient2dCommand.Create(),
    GradientMethodCommand.Create(),
    GradientSimplenetCommand.Create(),
    TrainNeuralnetCommand.Create(),
    // Chapter 5: backpropagation.
    LayerNaiveCommand.Create(),
    BuyAppleCommand.Create(),
    BuyAppleOrangeCommand.Create(),
    GradCheckCommand.Create(),
    TrainCommand.Create(),
    // Chapter 6: techniques of learning.
    OptimizerCompareNaiveCommand.Create(),
    OptimizerCompareMnistCommand.Create(),
    WeightInitActivationHistogramCommand.Create(),
    WeightInitCompareCommand.Create(),
    BatchNormTestCommand.Create(),
    BatchNormGradientCheckCommand.Create(),
    OverfitWeightDecayCommand.Create(),
    OverfitDropoutCommand.Create(),
    HyperparameterOptimizationCommand.Create(),
    // The networks at a glance, and speed.
    SummaryCommand.Create(new Dictionary<string, Func<NetworkSummary>>
    {
        ["TwoLayerNet"] = TwoLayerNet.Summary,
        ["BookSampleNet"] = BookSampleNet.Summary,
        ["Perceptron"] = Perceptron.Summary,
        ["TwoLayerPerceptron"] = TwoLayerPerceptron.Summary,
        ["SigmoidTwoLayerNet"] = SigmoidTwoLayerNet.Summary,
        ["FiveLayerNet"] = FiveLayerNet.Summary,
        ["SevenLayerNet"] = SevenLayerNet.Summary,
        ["SevenLayerDropoutNet"] = SevenLayerDropoutNet.Summary,
        ["BatchNormNet"] = BatchNormNet.Summary,
        ["WithoutBatchNormNet"] = WithoutBatchNormNet.Summary,
        ["BatchNormCheckNet"] = BatchNormCheckNet.Summary,
    }),
    BenchCommand.Create(),
    // The rest of the world.
    ExportOnnxCommand.Create(
    [
        new ExportableNetwork("two-layer", () => new TwoLayerNet(), null),
        new ExportableNetwork("book-sample", () => new BookSampleNet(), "ch03_sample_weight.npz"),
    ]),
};
return SampleProgram.Run(root, args);
