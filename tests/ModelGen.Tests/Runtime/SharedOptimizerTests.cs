using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Tests.EndToEnd;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Runtime;

/// <summary>
/// One optimizer object used for two networks (whose parameters share the names W1, b1, ...)
/// trains each exactly as an optimizer of its own would: state belongs to a parameter, not to a name.
/// </summary>
public sealed class SharedOptimizerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-shared-optimizer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertSameParameters(INetwork expected, INetwork actual)
    {
        for (int p = 0; p < expected.Parameters.Count; p++)
            Assert.Equal(expected.Parameters[p].Value, actual.Parameters[p].Value);
    }

    [Theory]
    [InlineData("Adam")]
    [InlineData("Momentum")]
    [InlineData("AdaGrad")]
    public void Each_network_trains_as_with_an_optimizer_of_its_own(string kind)
    {
        Optimizer Make() => kind switch
        {
            "Adam" => new Adam(0.01f),
            "Momentum" => new Momentum(0.01f),
            _ => new AdaGrad(0.01f),
        };
        var (inputs, labels) = RandomBatch.Create(4, 5, 3, seed: 1);
        var a = new ReluNet(seed: 1);
        var b = new ReluNet(seed: 2);
        var aAlone = new ReluNet(seed: 1);
        var bAlone = new ReluNet(seed: 2);
        Optimizer shared = Make(), forA = Make(), forB = Make();

        // b joins after a has trained a while: Adam's bias correction must count b's own steps.
        for (int step = 0; step < 3; step++)
        {
            a.TrainStep(inputs, labels, 4, shared);
            aAlone.TrainStep(inputs, labels, 4, forA);
        }
        for (int step = 0; step < 4; step++)
        {
            a.TrainStep(inputs, labels, 4, shared);
            b.TrainStep(inputs, labels, 4, shared);
            aAlone.TrainStep(inputs, labels, 4, forA);
            bAlone.TrainStep(inputs, labels, 4, forB);
        }

        AssertSameParameters(aAlone, a);
        AssertSameParameters(bAlone, b);
    }

    [Fact]
    public void A_checkpoint_holds_the_state_of_the_network_it_is_given()
    {
        var (inputs, labels) = RandomBatch.Create(4, 5, 3, seed: 2);
        var a = new ReluNet(seed: 1);
        var b = new ReluNet(seed: 2);
        var bAlone = new ReluNet(seed: 2);
        var shared = new Adam(0.01f);
        var forB = new Adam(0.01f);
        for (int step = 0; step < 5; step++) a.TrainStep(inputs, labels, 4, shared);
        for (int step = 0; step < 2; step++)
        {
            b.TrainStep(inputs, labels, 4, shared);
            bAlone.TrainStep(inputs, labels, 4, forB);
        }
        string path = Path.Combine(_folder, "b.npz");
        Checkpoint.Save(path, b, shared, epoch: 1);

        var resumed = new ReluNet(seed: 9);
        var resumedAdam = new Adam(0.01f);
        Checkpoint.Load(path, resumed, resumedAdam);
        resumed.TrainStep(inputs, labels, 4, resumedAdam);
        bAlone.TrainStep(inputs, labels, 4, forB);

        AssertSameParameters(bAlone, resumed);
    }
}
