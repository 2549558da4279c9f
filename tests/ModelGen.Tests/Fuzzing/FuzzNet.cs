namespace ModelGen.Tests.Fuzzing;

/// <summary>
/// The network the loader fuzz loads into. It has parameters, Batch Normalization statistics
/// and a Dropout generator, so every kind of array a file holds is exercised. Its 125 KB of
/// parameters are large beside a load's fixed costs (about 35 KB for the zip directory, the
/// file buffer and the headers), which the allocation bound is not about, and small enough to
/// write a thousand files in a moment.
/// </summary>
[Network(Input = [300], Batch = 8)]
[Dense(100), BatchNorm, Relu, Dropout(0.2), Dense(10), SoftmaxCrossEntropy]
public partial class FuzzNet;
