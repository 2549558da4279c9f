namespace ModelGen.Samples.DeepCnn;

/// <summary>
/// DeepConvNet with Batch Normalization (chapter 6.3) after every convolution, per channel, the
/// way later networks use it: the book's six 3x3 convolutions and three pools, then dense 50
/// and 10 with Dropout. Not one of the book's networks; it shows BatchNorm on feature maps, and
/// its running statistics are checkpointed with the rest of a training run.
/// </summary>
[Network(Input = [1, 28, 28], Batch = 100, Init = WeightInit.He)]
[Conv(16, 3, Pad = 1), BatchNorm, Relu, Conv(16, 3, Pad = 1), BatchNorm, Relu, MaxPool(2)]
[Conv(32, 3, Pad = 1), BatchNorm, Relu, Conv(32, 3, Pad = 2), BatchNorm, Relu, MaxPool(2)]
[Conv(64, 3, Pad = 1), BatchNorm, Relu, Conv(64, 3, Pad = 1), BatchNorm, Relu, MaxPool(2)]
[Dense(50), Relu, Dropout(0.5), Dense(10), Dropout(0.5), SoftmaxCrossEntropy]
public partial class DeepBatchNormConvNet;
