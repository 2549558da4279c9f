namespace ModelGen.Samples.DeepCnn;

/// <summary>
/// The book's SimpleConvNet (chapter 7.5): conv 30x5x5 - ReLU - 2x2 max pool - dense 100 -
/// ReLU - dense 10, weights drawn with std 0.01 as in the book's simple_convnet.py.
/// </summary>
[Network(Input = [1, 28, 28], Batch = 100)]
[Conv(30, 5), Relu, MaxPool(2)]
[Dense(100), Relu, Dense(10), SoftmaxCrossEntropy]
public partial class SimpleConvNet;

/// <summary>
/// The book's DeepConvNet (chapter 8.1): six 3x3 convolutions (note the fourth's padding of 2)
/// in three blocks with max pooling, then dense 50 and 10 with Dropout, He initialisation.
/// </summary>
[Network(Input = [1, 28, 28], Batch = 100, Init = WeightInit.He)]
[Conv(16, 3, Pad = 1), Relu, Conv(16, 3, Pad = 1), Relu, MaxPool(2)]
[Conv(32, 3, Pad = 1), Relu, Conv(32, 3, Pad = 2), Relu, MaxPool(2)]
[Conv(64, 3, Pad = 1), Relu, Conv(64, 3, Pad = 1), Relu, MaxPool(2)]
[Dense(50), Relu, Dropout(0.5), Dense(10), Dropout(0.5), SoftmaxCrossEntropy]
public partial class DeepConvNet;
