namespace ModelGen.Samples.Mnist;

/// <summary>
/// The book's two-layer network of chapter 4.5 (ch04/two_layer_net.py): 784 inputs, 50 hidden
/// units with a sigmoid, 10 classes with softmax and cross-entropy, weights drawn with std 0.01
/// and zero biases. Chapter 4 trains it with numerical gradients; the generated backward pass
/// gives the same gradients (its "gradient" method), which is what train_neuralnet.py uses.
/// </summary>
[Network(Input = [784], Batch = 100)]
[Dense(50), Sigmoid, Dense(10), SoftmaxCrossEntropy]
public partial class SigmoidTwoLayerNet;
