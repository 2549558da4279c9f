using ModelGen.Tests.Infrastructure;
using ModelGen.Training;

namespace ModelGen.Tests.EndToEnd;

/// <summary>
/// Every layer's and loss's backward pass against central differences of the loss, through
/// generated networks (chapter 5.7.3).
/// Tolerances: with h = 1e-2 in float32, the numerical gradient carries a rounding error of
/// about 1e-7·|L|/h ≈ 1e-5 and a truncation error of about h²·|L'''| ≈ 1e-4 for these weights;
/// 2e-3 absolute on any single value, and 1% of the mean gradient on average, leave room for
/// that and still fail on any real mistake, which is of the order of the gradient itself.
/// </summary>
public class GradientCheckTests
{
    private static (float[] Inputs, int[] Labels) Batch(int count, int size, int classes, int seed) => RandomBatch.Create(count, size, classes, seed);

    private static void Check(ITrainableNetwork network, double maxAbsolute = 2e-3, double relative = 1e-2, float step = 1e-2f)
    {
        var (inputs, labels) = Batch(network.BatchSize, network.InputSize, network.OutputSize, seed: 7);
        var differences = GradientCheck.Compare(network, inputs, labels, network.BatchSize, step);
        Assert.Equal(network.Parameters.Count, differences.Count);
        foreach (var d in differences)
        {
            Assert.True(d.MeanMagnitude > 1e-4, $"{d.Parameter}: gradient {d.MeanMagnitude:E2} too small to check anything");
            Assert.True(d.MaxAbsolute < maxAbsolute, $"{d.Parameter}: max difference {d.MaxAbsolute:E2}");
            Assert.True(d.MeanAbsolute < relative * d.MeanMagnitude, $"{d.Parameter}: mean difference {d.MeanAbsolute:E2} against mean gradient {d.MeanMagnitude:E2}");
        }
    }

    [Fact]
    public void Dense_sigmoid_softmax_cross_entropy() => Check(new SigmoidNet(seed: 1));

    [Fact]
    public void Dense_relu_softmax_cross_entropy() => Check(new ReluNet(seed: 2));

    [Fact]
    public void Dense_tanh_mean_squared_error() => Check(new TanhMseNet(seed: 3));

    [Fact]
    public void Dropout_in_inference_mode() => Check(new DropoutNet(seed: 4));

    [Fact]
    public void Convolution_stride_1_pad_0() => Check(new ConvPad0Stride1Net(seed: 11));

    [Fact]
    public void Convolution_stride_2_pad_1() => Check(new ConvPad1Stride2Net(seed: 12));

    [Fact]
    public void Convolution_pad_2_then_stride_2_kernel_5() => Check(new ConvPad2Net(seed: 13));

    [Fact]
    public void Convolution_kernels_1_and_5_over_three_channels() => Check(new ConvKernel1And5Net(seed: 14));

    [Fact]
    public void Convolution_with_a_fused_relu() =>
        // A pre-activation within h of zero makes its central difference straddle the kink;
        // with h = 1e-3 that is rare, and the mean bound is what catches a wrong mask.
        Check(new ConvReluNet(seed: 17), maxAbsolute: 0.05, step: 1e-3f);

    [Fact]
    public void Max_pooling_routes_the_gradient_to_the_maximum() =>
        // Two values of a window within h of each other swap places under the perturbation,
        // and the central difference across the switch is meaningless: with h = 1e-2 a few of
        // these 54 weights are off by up to 0.2, with h = 1e-3 one is off by 0.03 (measured).
        // So: a smaller step, a max bound that allows one near-tie, and the mean bound as usual;
        // a wrong routing moves every weight's gradient and fails the mean bound.
        Check(new MaxPoolNet(seed: 15), maxAbsolute: 0.05, step: 1e-3f);

    [Fact]
    public void Max_pooling_whose_backward_runs_inside_the_convolution() =>
        // Near-ties in a window and pre-activations near zero, as in the two tests above.
        Check(new ConvReluMaxPoolNet(seed: 18), maxAbsolute: 0.05, step: 1e-3f);

    [Fact]
    public void Average_pooling_with_overlapping_windows() => Check(new AvgPoolNet(seed: 16));

    [Fact]
    public void A_short_batch_checks_as_well()
    {
        var network = new SigmoidNet(seed: 5);
        var (inputs, labels) = Batch(3, SigmoidNet.InputSize, SigmoidNet.OutputSize, seed: 8);
        foreach (var d in GradientCheck.Compare(network, inputs, labels, 3))
            Assert.True(d.MeanAbsolute < 1e-2 * d.MeanMagnitude, $"{d.Parameter}: {d.MeanAbsolute:E2} against {d.MeanMagnitude:E2}");
    }

    [Fact]
    public void A_wrong_gradient_is_caught()
    {
        // The check itself must be able to fail: corrupt one backprop value and compare again.
        var network = new SigmoidNet(seed: 1);
        var (inputs, labels) = Batch(4, 5, 3, seed: 7);
        network.Forward(inputs, 4);
        network.Backward(labels, 4);
        float analytic = network.dW1[3];
        var numeric = network.NumericalGradient(network.Parameters[0], inputs, labels, 4);
        Assert.InRange(Math.Abs(numeric[3] - analytic), 0, 2e-3);
        Assert.True(Math.Abs(numeric[3] - (analytic * 1.5f + 0.01f)) > 2e-3);
    }

    [Fact]
    public void Dropout_training_mask_drops_about_the_ratio_and_backward_uses_it()
    {
        var network = new DropoutNet(seed: 9);
        var (inputs, labels) = Batch(4, 5, 3, seed: 10);
        var optimizer = new Optimizers.Sgd(0.0001f);
        // Train mode twice with the same input: different masks give different losses.
        float first = network.TrainStep(inputs, labels, 4, optimizer);
        float second = network.TrainStep(inputs, labels, 4, optimizer);
        Assert.NotEqual(first, second);
    }
}
