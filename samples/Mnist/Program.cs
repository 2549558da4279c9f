using System.CommandLine;
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
    // Speed.
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
