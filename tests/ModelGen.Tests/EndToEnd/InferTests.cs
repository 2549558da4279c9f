using ModelGen.Optimizers;
using ModelGen.Samples.DeepCnn;
using ModelGen.Samples.Mnist;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.EndToEnd;

/// <summary>
/// Infer is Forward in inference mode without keeping the input for Backward: the same numbers,
/// and a Backward after it is refused instead of using a stale or missing input.
/// </summary>
public class InferTests
{
    public static TheoryData<string> Networks => new()
    {
        nameof(TwoLayerNet), nameof(DeepConvNet), nameof(BatchNormDropoutNet), nameof(ConvBatchNormNet), nameof(DropoutNet),
    };

    private static INetwork Create(string name) => name switch
    {
        nameof(TwoLayerNet) => new TwoLayerNet(seed: 3),
        nameof(DeepConvNet) => new DeepConvNet(seed: 3),
        nameof(BatchNormDropoutNet) => new BatchNormDropoutNet(seed: 3),
        nameof(ConvBatchNormNet) => new ConvBatchNormNet(seed: 3),
        _ => new DropoutNet(seed: 3),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Infer_gives_the_bits_of_an_inference_mode_forward_pass(string name)
    {
        var network = Create(name);
        int count = Math.Max(1, network.BatchSize - 1);
        var (inputs, labels) = RandomBatch.Create(count, network.InputSize, network.OutputSize, seed: 5);
        if (network is ITrainableNetwork trainable)
        {
            // A step first, so that running statistics and weights are not their initial values.
            trainable.TrainStep(inputs, labels, count, new Sgd(0.05f));
        }

        float[] forward = network.Forward(inputs, count).ToArray();
        float[] inferred = network.Infer(inputs, count).ToArray();
        Assert.Equal(forward.Length, inferred.Length);
        for (int i = 0; i < forward.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(forward[i]) == BitConverter.SingleToInt32Bits(inferred[i]), $"{name}: output {i} is {inferred[i]}, Forward gave {forward[i]}");
        }
    }

    [Fact]
    public void Backward_after_Infer_is_refused_and_Loss_is_not()
    {
        var network = new TwoLayerNet(seed: 1);
        var (inputs, labels) = RandomBatch.Create(7, TwoLayerNet.InputSize, 10, seed: 2);
        network.Forward(inputs, 7);
        network.Infer(inputs, 7); // a Forward before it does not leave its input usable
        Assert.True(float.IsFinite(network.Loss(labels, 7)));
        var error = Assert.Throws<InvalidOperationException>(() => network.Backward(labels, 7));
        Assert.Contains("Infer", error.Message, StringComparison.Ordinal);

        network.Forward(inputs, 7);
        network.Backward(labels, 7); // a Forward makes it possible again
        Assert.Contains(network.dW1, g => g != 0);
    }

    [Fact]
    public void Infer_checks_its_arguments_as_Forward_does()
    {
        var network = new TwoLayerNet(seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Infer(new float[TwoLayerNet.InputSize], 0));
        Assert.Throws<ArgumentException>(() => network.Infer(new float[TwoLayerNet.InputSize], 2));
    }
}
