using ModelGen.Serialization;
using ModelGen.Tests.EndToEnd;

namespace ModelGen.Tests.Serialization;

/// <summary>Parameters kept as float16: half the bytes, written as '&lt;f2' arrays, widened back exactly.</summary>
public sealed class HalfWeightsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-half-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Half_weights_take_half_the_bytes_and_widen_to_the_rounded_values()
    {
        var network = new ReluNet(seed: 3);
        var half = HalfWeights.From(network);
        Assert.Equal(2L * network.Parameters.Sum(p => p.Size), half.Bytes);
        var copy = new ReluNet(seed: 4);
        half.CopyTo(copy);
        for (int p = 0; p < network.Parameters.Count; p++)
            Assert.Equal(network.Parameters[p].Value.Select(v => (float)(Half)v), copy.Parameters[p].Value);
    }

    [Fact]
    public void A_saved_file_holds_float16_arrays_that_load_back_the_same()
    {
        var network = new ReluNet(seed: 5);
        string path = Path.Combine(_folder, "half.npz");
        HalfWeights.From(network).Save(path);
        var arrays = Npz.Read(path);
        Assert.All(arrays.Values, a => Assert.Equal(NpyType.Float16, a.SourceType));
        var loaded = new ReluNet(seed: 6);
        HalfWeights.Load(path).CopyTo(loaded);
        var expected = new ReluNet(seed: 7);
        HalfWeights.From(network).CopyTo(expected);
        for (int p = 0; p < network.Parameters.Count; p++) Assert.Equal(expected.Parameters[p].Value, loaded.Parameters[p].Value);
        // The network's own loader reads the float16 file too.
        var viaLoad = new ReluNet(seed: 8);
        viaLoad.Load(path);
        Assert.Equal(expected.W1, viaLoad.W1);
    }

    [Fact]
    public void Weights_of_another_network_are_refused_before_anything_is_written()
    {
        var half = HalfWeights.From(new ReluNet(seed: 1));
        var other = new SigmoidNet(seed: 2);
        var before = other.W1.ToArray();
        Assert.Throws<ArgumentException>(() => half.CopyTo(other));
        Assert.Equal(before, other.W1);
    }
}
