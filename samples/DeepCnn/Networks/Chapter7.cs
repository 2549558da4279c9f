namespace ModelGen.Samples.DeepCnn;

/// <summary>
/// The book's SimpleConvNet at the size its ch07/gradient_check.py checks it: a 1x10x10 input,
/// 10 filters of 3x3 (pad 0, stride 1) - ReLU - 2x2 max pool - dense 10 - ReLU - dense 10,
/// weights drawn with std 0.01, one sample at a time.
/// </summary>
[Network(Input = [1, 10, 10], Batch = 1)]
[Conv(10, 3), Relu, MaxPool(2)]
[Dense(10), Relu, Dense(10), SoftmaxCrossEntropy]
public partial class SmallSimpleConvNet;
