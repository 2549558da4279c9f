namespace ModelGen.Tests.Runtime;

public class RngTests
{
    [Fact]
    public void The_same_seed_gives_the_same_sequence()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        for (int i = 0; i < 1000; i++) Assert.Equal(a.NextUInt(), b.NextUInt());
        Assert.NotEqual(new Rng(1).NextUInt(), new Rng(2).NextUInt());
    }

    [Fact]
    public void Gaussian_draws_have_mean_zero_and_unit_variance()
    {
        var random = new Rng(3);
        double sum = 0, squares = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            double x = random.NextGaussian();
            sum += x;
            squares += x * x;
        }
        // Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the variance.
        Assert.InRange(sum / n, -0.01, 0.01);
        Assert.InRange(squares / n, 0.985, 1.015);
    }

    [Fact]
    public void Uniform_floats_stay_in_range_and_integers_are_unbiased()
    {
        var random = new Rng(4);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            float f = random.NextFloat();
            Assert.InRange(f, 0f, 0.99999994f);
            counts[random.NextInt(7)]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Shuffle_is_a_permutation()
    {
        var values = Enumerable.Range(0, 100).ToArray();
        new Rng(5).Shuffle(values.AsSpan());
        Assert.NotEqual(Enumerable.Range(0, 100), values);
        Assert.Equal(Enumerable.Range(0, 100), values.Order());
    }

    [Fact]
    public void Weights_are_the_same_for_the_same_seed()
    {
        var a = new TwoLayerNet(seed: 11);
        var b = new TwoLayerNet(seed: 11);
        var c = new TwoLayerNet(seed: 12);
        Assert.Equal(a.W1, b.W1);
        Assert.NotEqual(a.W1, c.W1);
        // The book's default: Gaussian with std 0.01.
        double std = Math.Sqrt(a.W1.Select(w => (double)w * w).Average());
        Assert.InRange(std, 0.0095, 0.0105);
        Assert.All(a.b1, b => Assert.Equal(0f, b));
    }
}
