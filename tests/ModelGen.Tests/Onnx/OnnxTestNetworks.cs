namespace ModelGen.Tests.Onnx;

// Networks for the export tests that the other tests' networks do not cover.

/// <summary>
/// Dropout before a Dense layer and right before an identity output: the exported model must
/// scale by (1 − ratio) at both places, as Forward does in inference mode.
/// </summary>
[Network(Input = [6], Batch = 8)]
[Dense(8, Std = 0.5), Relu, Dropout(0.5), Dense(3, Std = 0.5), Dropout(0.25), MeanSquaredError]
public partial class OnnxDropoutNet;

/// <summary><see cref="OnnxDropoutNet"/> without its Dropout layers, for the same weights unscaled.</summary>
[Network(Input = [6], Batch = 8)]
[Dense(8, Std = 0.5), Relu, Dense(3, Std = 0.5), MeanSquaredError]
public partial class OnnxNoDropoutNet;

/// <summary>A feature map meets the loss directly: the softmax reads each sample's map as one row.</summary>
[Network(Input = [1, 5, 5], Batch = 4)]
[Conv(3, 3, Std = 0.5), Sigmoid, AvgPool(3), SoftmaxCrossEntropy]
public partial class OnnxMapOutputNet;

/// <summary>A map into an identity output, after a strided, padded convolution and Batch Normalization per channel.</summary>
[Network(Input = [2, 7, 7], Batch = 4)]
[Conv(3, 3, Stride = 2, Pad = 1, Std = 0.5), BatchNorm(Epsilon = 1e-3), Tanh, MeanSquaredError]
public partial class OnnxMapRegressionNet;

/// <summary>A forward-only network whose output is a feature map: the model's output is still (N, OutputSize).</summary>
[Network(Input = [1, 6, 6], Batch = 4, Trainable = false)]
[Conv(2, 3, Std = 0.5), Relu, MaxPool(2)]
public partial class OnnxMapFeaturesNet;

/// <summary>The perceptron's Step after a hidden layer of Tanh: a forward-only network with a Step inside.</summary>
[Network(Input = [4], Batch = 5, Trainable = false)]
[Dense(6, Std = 1), Tanh, Dense(3, Std = 1), Step]
public partial class OnnxStepNet;
