namespace ModelGen.Tests.EndToEnd;

// The sample networks (TwoLayerNet, BookSampleNet, SimpleConvNet, DeepConvNet) are not declared
// here: the test project compiles the samples' own declaration files (see the .csproj).

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

// Convolution and pooling, in the combinations the gradient checks cover.

[Network(Input = [2, 7, 7], Batch = 3)]
[Conv(3, 3, Std = 0.3), Tanh, Dense(4, Std = 0.3), SoftmaxCrossEntropy]
public partial class ConvPad0Stride1Net;

[Network(Input = [2, 7, 7], Batch = 3)]
[Conv(3, 3, Stride = 2, Pad = 1, Std = 0.3), Tanh, Dense(4, Std = 0.3), SoftmaxCrossEntropy]
public partial class ConvPad1Stride2Net;

[Network(Input = [1, 7, 7], Batch = 3)]
[Conv(2, 3, Pad = 2, Std = 0.3), Sigmoid, Conv(3, 5, Stride = 2, Pad = 2, Std = 0.3), Tanh, Dense(4, Std = 0.3), SoftmaxCrossEntropy]
public partial class ConvPad2Net;

[Network(Input = [3, 8, 8], Batch = 3)]
[Conv(4, 1, Std = 0.3), Tanh, Conv(2, 5, Std = 0.3), Tanh, Dense(3, Std = 0.3), SoftmaxCrossEntropy]
public partial class ConvKernel1And5Net;

[Network(Input = [2, 8, 8], Batch = 3)]
[Conv(3, 3, Pad = 1, Std = 0.3), Tanh, MaxPool(2), Dense(4, Std = 0.3), SoftmaxCrossEntropy]
public partial class MaxPoolNet;

[Network(Input = [2, 9, 9], Batch = 3)]
[Conv(3, 3, Std = 0.3), Tanh, AvgPool(3, Stride = 2), Dense(4, Std = 0.3), SoftmaxCrossEntropy]
public partial class AvgPoolNet;

/// <summary>Convolutions each followed by a Relu, which the generator fuses into them.</summary>
[Network(Input = [2, 7, 7], Batch = 3)]
[Conv(3, 3, Pad = 1, Std = 0.4), Relu, Conv(4, 3, Stride = 2, Pad = 1, Std = 0.4), Relu, Dense(4, Std = 0.4), SoftmaxCrossEntropy]
public partial class ConvReluNet;

/// <summary>
/// Conv - Relu - MaxPool blocks, whose pool's backward pass the generator moves into the
/// convolution's (Conv2D.BackwardThroughMaxPool); the second pool's windows overlap.
/// </summary>
[Network(Input = [2, 8, 8], Batch = 3)]
[Conv(3, 3, Pad = 1, Std = 0.4), Relu, MaxPool(2), Conv(4, 3, Pad = 1, Std = 0.4), Relu, MaxPool(2, Stride = 1), Dense(4, Std = 0.4), SoftmaxCrossEntropy]
public partial class ConvReluMaxPoolNet;

// Batch Normalization after a Dense layer (per feature), after a Conv layer (per channel), and
// first (nothing before it learns, so it writes no input gradient). Tanh rather than ReLU after
// it: a normalised value sits near ReLU's kink far too often for central differences.

[Network(Input = [5], Batch = 6)]
[Dense(6, Std = 0.5), BatchNorm, Tanh, Dense(3, Std = 0.5), SoftmaxCrossEntropy]
public partial class DenseBatchNormNet;

[Network(Input = [2, 5, 5], Batch = 3)]
[Conv(3, 3, Pad = 1, Std = 0.4), BatchNorm, Tanh, Dense(4, Std = 0.4), SoftmaxCrossEntropy]
public partial class ConvBatchNormNet;

[Network(Input = [4], Batch = 5)]
[BatchNorm(Momentum = 0.5), Dense(3, Std = 0.5), SoftmaxCrossEntropy]
public partial class InputBatchNormNet;

/// <summary>The book's MultiLayerNetExtend shape: Dense, BatchNorm, ReLU, Dropout, ..., for allocation and resume tests.</summary>
[Network(Input = [784], Batch = 100, Init = WeightInit.He)]
[Dense(100), BatchNorm, Relu, Dropout(0.2), Dense(100), BatchNorm, Relu, Dropout(0.2), Dense(10), SoftmaxCrossEntropy]
public partial class BatchNormDropoutNet;

/// <summary>Initialisation by the activation each weight feeds, as the book's weight_init_std='relu'/'sigmoid'.</summary>
[Network(Input = [12], Batch = 4, Init = WeightInit.ForActivation)]
[Dense(10), BatchNorm, Relu, Dense(8), Dropout(0.1), Sigmoid, Dense(6, Init = WeightInit.He), Tanh, Dense(3), SoftmaxCrossEntropy]
public partial class ForActivationNet;
