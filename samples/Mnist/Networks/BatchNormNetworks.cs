namespace ModelGen.Samples.Mnist;

/// <summary>
/// The book's MultiLayerNetExtend of batch_norm_test.py (chapter 6.3.2, figure 6-19): five hidden
/// layers of 100, each Dense - BatchNorm - ReLU, then Dense(10) and softmax. Its weights are
/// drawn again at run time with each of the experiment's sixteen scales.
/// </summary>
[Network(Input = [784], Batch = 100, Init = WeightInit.He)]
[Dense(100), BatchNorm, Relu, Dense(100), BatchNorm, Relu, Dense(100), BatchNorm, Relu]
[Dense(100), BatchNorm, Relu, Dense(100), BatchNorm, Relu, Dense(10), SoftmaxCrossEntropy]
public partial class BatchNormNet;

/// <summary>The same network without Batch Normalization, for the comparison of figure 6-19.</summary>
[Network(Input = [784], Batch = 100, Init = WeightInit.He)]
[Dense(100), Relu, Dense(100), Relu, Dense(100), Relu, Dense(100), Relu, Dense(100), Relu, Dense(10), SoftmaxCrossEntropy]
public partial class WithoutBatchNormNet;

/// <summary>
/// The network of batch_norm_gradient_check.py: 784 - 100 - 100 - 10 with Batch Normalization
/// after each hidden Dense layer, ReLU, He initialisation.
/// </summary>
[Network(Input = [784], Batch = 100, Init = WeightInit.He)]
[Dense(100), BatchNorm, Relu, Dense(100), BatchNorm, Relu, Dense(10), SoftmaxCrossEntropy]
public partial class BatchNormCheckNet;
