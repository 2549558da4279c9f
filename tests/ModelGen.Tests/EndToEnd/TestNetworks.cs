namespace ModelGen.Tests.EndToEnd;

// Small networks, generated like a user's, whose gradients are checked numerically. Weights
// are drawn larger than the book's 0.01 so that gradients stand well above float32 noise.

[Network(Input = [5], Batch = 4, Init = WeightInit.Gaussian)]
[Dense(4, Std = 0.5), Sigmoid, Dense(3, Std = 0.5), SoftmaxCrossEntropy]
public partial class SigmoidNet;

[Network(Input = [5], Batch = 4)]
[Dense(6, Std = 0.5), Relu, Dense(3, Std = 0.5), SoftmaxCrossEntropy]
public partial class ReluNet;

[Network(Input = [5], Batch = 4)]
[Dense(4, Std = 0.5), Tanh, Dense(3, Std = 0.5), MeanSquaredError]
public partial class TanhMseNet;

// Sigmoid rather than ReLU before the Dropout: a ReLU input within h of its kink makes a
// central difference legitimately wrong, which the ReluNet check already tolerates by seed.
[Network(Input = [5], Batch = 4)]
[Dense(6, Std = 0.5), Sigmoid, Dropout(0.3), Dense(3, Std = 0.5), SoftmaxCrossEntropy]
public partial class DropoutNet;

/// <summary>The book's TwoLayerNet, for allocation and training tests.</summary>
[Network(Input = [784], Batch = 100)]
[Dense(50), Relu, Dense(10), SoftmaxCrossEntropy]
public partial class TwoLayerNet;

/// <summary>The chapter 3 network, for the book's published weights.</summary>
[Network(Input = [784], Batch = 100)]
[Dense(50), Sigmoid, Dense(100), Sigmoid, Dense(10), SoftmaxCrossEntropy]
public partial class BookSampleNet;
