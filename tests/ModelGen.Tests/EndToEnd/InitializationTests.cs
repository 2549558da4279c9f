namespace ModelGen.Tests.EndToEnd;

/// <summary>Weight initialisation chosen by the activation a layer feeds (chapter 6.2), at compile time.</summary>
public class InitializationTests
{
    [Fact]
    public void For_activation_picks_He_before_relu_and_Xavier_before_sigmoid_and_tanh()
    {
        var network = new ForActivationNet(seed: 5);
        // The generated code draws W1, W2, ... in order from one generator seeded with the seed;
        // drawing the same sizes with the expected deviations must give the same values.
        var random = new Rng(5);
        (float[] Actual, double Std)[] expected =
        [
            (network.W1, Math.Sqrt(2.0 / 12)),  // feeds Relu (through BatchNorm): He
            (network.W2, Math.Sqrt(1.0 / 10)),  // feeds Sigmoid (through Dropout): Xavier
            (network.W3, Math.Sqrt(2.0 / 8)),   // its own Init = He wins over the network's
            (network.W4, Math.Sqrt(1.0 / 6)),   // the output layer follows the Tanh before it: Xavier
        ];
        foreach (var (actual, std) in expected)
        {
            var drawn = new float[actual.Length];
            Initialization.Gaussian(drawn, (float)std, random);
            Assert.Equal(drawn, actual);
        }
    }

    [Fact]
    public void For_activation_cannot_be_redrawn_at_run_time_without_the_layer_order() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Initialization.Redraw(new ForActivationNet(), WeightInit.ForActivation, seed: 1));
}
