namespace ModelGen.Samples.Mnist;

/// <summary>
/// The book's two-layer network trained by backprop (chapter 5.7): 784 inputs, 50 hidden
/// ReLU units, 10 classes, weights drawn with std 0.01.
/// </summary>
[Network(Input = [784], Batch = 100)]
[Dense(50), Relu, Dense(10), SoftmaxCrossEntropy]
public partial class TwoLayerNet;

/// <summary>
/// The network of chapter 3.6, for the book's published weights (ch03_sample_weight.npz):
/// 784-50-100-10 with sigmoid hidden layers and a softmax output.
/// </summary>
[Network(Input = [784], Batch = 100)]
[Dense(50), Sigmoid, Dense(100), Sigmoid, Dense(10), SoftmaxCrossEntropy]
public partial class BookSampleNet;

/// <summary>One perceptron (chapter 2.3): two inputs, a weighted sum with bias, a step.</summary>
[Network(Input = [2], Batch = 4, Trainable = false)]
[Dense(1), Step]
public partial class Perceptron;

/// <summary>
/// XOR from two layers of perceptrons (chapter 2.5): the first computes NAND and OR side by
/// side, the second ANDs them.
/// </summary>
[Network(Input = [2], Batch = 4, Trainable = false)]
[Dense(2), Step, Dense(1), Step]
public partial class TwoLayerPerceptron;
