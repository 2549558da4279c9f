namespace ModelGen;

/// <summary>
/// What every generated network can do: a forward pass for 1 to <see cref="BatchSize"/>
/// samples, into buffers allocated once at fixed sizes.
/// </summary>
public interface INetwork
{
    /// <summary>The largest number of samples one forward pass takes.</summary>
    int BatchSize { get; }

    /// <summary>The shape of one sample, as declared.</summary>
    IReadOnlyList<int> InputShape { get; }

    /// <summary>The number of values in one sample.</summary>
    int InputSize { get; }

    /// <summary>The number of values one sample produces (classes, for a classifier).</summary>
    int OutputSize { get; }

    /// <summary>The learnable parameters in layer order (W1, b1, W2, b2, ...).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>
    /// The non-learnable state that is saved with the parameters but never optimised: Batch
    /// Normalization's running statistics, the Dropout generator's position. Empty for a
    /// network without any.
    /// </summary>
    IReadOnlyList<StateTensor> State { get; }

    /// <summary>
    /// Runs the network on <paramref name="count"/> samples laid out one after another in
    /// <paramref name="inputs"/> and returns the last layer's output before the loss
    /// (count x <see cref="OutputSize"/>), valid until the next call.
    /// </summary>
    /// <param name="inputs">count x <see cref="InputSize"/> values, one sample after another.</param>
    /// <param name="count">Samples to run, 1 to <see cref="BatchSize"/>.</param>
    /// <param name="training">True for training behaviour (Dropout masks, batch statistics).</param>
    ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int count, bool training = false);

    /// <summary>
    /// <see cref="Forward"/> in inference mode (training false), giving the same numbers, but
    /// keeping nothing for <see cref="ITrainableNetwork.Backward"/>: a trainable network's
    /// Forward copies its input for the backward pass that may follow, which for a dense first
    /// layer is as much memory traffic again as reading the batch. Prediction, evaluation and
    /// the benchmarks call this. <see cref="ITrainableNetwork.Loss"/> may follow it; Backward
    /// may not, until the next Forward.
    /// </summary>
    /// <param name="inputs">count x <see cref="InputSize"/> values, one sample after another.</param>
    /// <param name="count">Samples to run, 1 to <see cref="BatchSize"/>.</param>
    ReadOnlySpan<float> Infer(ReadOnlySpan<float> inputs, int count);

    /// <summary>
    /// Writes the network in inference mode to <paramref name="path"/> as an ONNX model
    /// (<see cref="Onnx.OnnxModelBuilder"/>): input "input", output "output", the batch
    /// dimension symbolic. The output is what <see cref="Forward"/> gives, except after a
    /// softmax-with-loss, where it is the class probabilities rather than the scores.
    /// </summary>
    void ExportOnnx(string path);
}

/// <summary>A network with a loss and a backward pass.</summary>
public interface ITrainableNetwork : INetwork
{
    /// <summary>The loss of the last forward pass against <paramref name="labels"/>, averaged over the samples.</summary>
    float Loss(ReadOnlySpan<int> labels, int count);

    /// <summary>
    /// Back-propagates the loss of the last forward pass, overwriting every parameter's gradient.
    /// </summary>
    void Backward(ReadOnlySpan<int> labels, int count);

    /// <summary>
    /// Forward, loss, backward and one optimizer update, without allocating. Returns the loss,
    /// with the optimizer's weight-decay term ½λ‖W‖² added as the book's loss() adds it.
    /// </summary>
    float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, int count, Optimizers.Optimizer optimizer);
}
