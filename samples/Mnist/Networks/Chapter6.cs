namespace ModelGen.Samples.Mnist;

// The book's MultiLayerNet (common/multi_layer_net.py) in the depths chapter 6 uses: fully
// connected hidden layers of 100 ReLU units, He initialisation (the book's default,
// weight_init_std='relu'), a softmax output. One class per depth; the book counts the output
// layer, so four hidden layers make its "5-layer network" and six its "7-layer network".

/// <summary>
/// The 5-layer network of chapter 6.1.8 and 6.2.4: 784-100-100-100-100-10, ReLU, He
/// initialisation, trained on mini-batches of 128 (optimizer_compare_mnist.py,
/// weight_init_compare.py).
/// </summary>
[Network(Input = [784], Batch = 128, Init = WeightInit.He)]
[Dense(100), Relu, Dense(100), Relu, Dense(100), Relu, Dense(100), Relu]
[Dense(10), SoftmaxCrossEntropy]
public partial class FiveLayerNet;

/// <summary>
/// The 7-layer network of chapter 6.4 and 6.5: 784, six hidden layers of 100 ReLU units, 10
/// classes, He initialisation, batches of 100 (overfit_weight_decay.py, overfit_dropout.py
/// without Dropout, hyperparameter_optimization.py).
/// </summary>
[Network(Input = [784], Batch = 100, Init = WeightInit.He)]
[Dense(100), Relu, Dense(100), Relu, Dense(100), Relu]
[Dense(100), Relu, Dense(100), Relu, Dense(100), Relu]
[Dense(10), SoftmaxCrossEntropy]
public partial class SevenLayerNet;

/// <summary>
/// The 7-layer network with Dropout(0.2) after every hidden ReLU, as the book's
/// MultiLayerNetExtend places it (common/multi_layer_net_extend.py; overfit_dropout.py).
/// </summary>
[Network(Input = [784], Batch = 100, Init = WeightInit.He)]
[Dense(100), Relu, Dropout(0.2), Dense(100), Relu, Dropout(0.2), Dense(100), Relu, Dropout(0.2)]
[Dense(100), Relu, Dropout(0.2), Dense(100), Relu, Dropout(0.2), Dense(100), Relu, Dropout(0.2)]
[Dense(10), SoftmaxCrossEntropy]
public partial class SevenLayerDropoutNet;
