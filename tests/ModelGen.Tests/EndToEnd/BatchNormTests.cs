using ModelGen.Tests.Infrastructure;
using ModelGen.Kernels;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Training;

namespace ModelGen.Tests.EndToEnd;

/// <summary>
/// Batch Normalization (chapter 6.3): gradients against central differences in both modes,
/// the forward pass and the book's backward pass against a double-precision reference written
/// the way the book's layer computes them, the running statistics, and their round trip.
/// </summary>
public sealed class BatchNormTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-batchnorm-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (float[] Inputs, int[] Labels) Batch(int count, int size, int classes, int seed) => RandomBatch.Create(count, size, classes, seed);

    /// <summary>
    /// Tolerances as GradientCheckTests explains (h = 1e-2 in float32); normalisation divides by
    /// the batch's spread, which raises the loss's curvature, hence a step of 5e-3 here.
    /// </summary>
    /// <param name="zero">
    /// Parameters whose gradient is zero by design: in training mode, a bias right before a
    /// BatchNorm is subtracted again with the batch mean, so neither gradient may move it.
    /// </param>
    private static void Check(ITrainableNetwork network, bool training, int seed = 7, params string[] zero)
    {
        var (inputs, labels) = Batch(network.BatchSize, network.InputSize, network.OutputSize, seed);
        var differences = GradientCheck.Compare(network, inputs, labels, network.BatchSize, step: 5e-3f, training: training);
        Assert.Equal(network.Parameters.Count, differences.Count);
        foreach (var d in differences)
        {
            if (zero.Contains(d.Parameter))
            {
                Assert.True(d.MaxAbsolute < 1e-4 && d.MeanMagnitude < 1e-4, $"{d.Parameter}: should have no gradient, but {d.MeanMagnitude:E2}, differing by {d.MaxAbsolute:E2}");
                Assert.All(network.Parameters.Single(p => p.Name == d.Parameter).Gradient, g => Assert.True(Math.Abs(g) < 1e-5, $"{d.Parameter}: backprop gives {g:E2}"));
                continue;
            }
            Assert.True(d.MeanMagnitude > 1e-4, $"{d.Parameter}: gradient {d.MeanMagnitude:E2} too small to check anything");
            Assert.True(d.MaxAbsolute < 3e-3, $"{d.Parameter}: max difference {d.MaxAbsolute:E2}");
            Assert.True(d.MeanAbsolute < 2e-2 * d.MeanMagnitude, $"{d.Parameter}: mean difference {d.MeanAbsolute:E2} against mean gradient {d.MeanMagnitude:E2}");
        }
    }

    /// <summary>A few training passes, so that the running statistics are the data's, not zero.</summary>
    private static void Warm(ITrainableNetwork network)
    {
        for (int s = 0; s < 30; s++)
        {
            var (inputs, _) = Batch(network.BatchSize, network.InputSize, network.OutputSize, seed: 100 + s);
            network.Forward(inputs, network.BatchSize, training: true);
        }
    }

    [Fact]
    public void Dense_batch_norm_gradients_in_training_mode() => Check(new DenseBatchNormNet(seed: 1), training: true, zero: "b1");

    [Fact]
    public void Conv_batch_norm_gradients_in_training_mode() => Check(new ConvBatchNormNet(seed: 2), training: true, zero: "b1");

    [Fact]
    public void A_batch_norm_before_anything_that_learns_checks_too() => Check(new InputBatchNormNet(seed: 3), training: true);

    [Fact]
    public void Gradients_in_inference_mode_use_the_running_statistics()
    {
        var dense = new DenseBatchNormNet(seed: 4);
        Warm(dense);
        Check(dense, training: false);
        var conv = new ConvBatchNormNet(seed: 5);
        Warm(conv);
        Check(conv, training: false);
    }

    [Theory]
    [InlineData(6, 5, 1)]   // after a Dense layer: 6 samples of 5 features
    [InlineData(3, 4, 9)]   // after a Conv layer: 3 samples of 4 channels of 3x3
    public void Forward_and_backward_match_the_books_layer_in_double(int count, int channels, int spatial)
    {
        var random = new Rng(11);
        int size = count * channels * spatial;
        float[] x = Random(random, size, 2), dy = Random(random, size, 1), gamma = Random(random, channels, 1), beta = Random(random, channels, 1);
        float[] runningMean = Random(random, channels, 1), runningVariance = [.. Random(random, channels, 1).Select(v => v * v)];
        float[] y = new float[size], normalized = new float[size], mean = new float[channels], std = new float[channels];
        float[] dGamma = new float[channels], dBeta = new float[channels], dx = new float[size];
        float[] expectedMean = (float[])runningMean.Clone(), expectedVariance = (float[])runningVariance.Clone();

        BatchNorm.ForwardTraining(x, y, normalized, mean, std, gamma, beta, runningMean, runningVariance, count, channels, spatial, 0.9f, 1e-6f);
        BatchNorm.BackwardTraining(dy, normalized, std, gamma, dGamma, dBeta, dx, count, channels, spatial);

        // The book's BatchNormalization, one channel at a time over its count·spatial values.
        for (int c = 0; c < channels; c++)
        {
            var indices = Enumerable.Range(0, count).SelectMany(n => Enumerable.Range(0, spatial).Select(s => (n * channels + c) * spatial + s)).ToArray();
            int m = indices.Length;
            double mu = indices.Average(i => (double)x[i]);
            double[] xc = [.. indices.Select(i => x[i] - mu)];
            double variance = xc.Average(v => v * v);
            double sd = Math.Sqrt(variance + 1e-6);
            double[] xn = [.. xc.Select(v => v / sd)];
            for (int k = 0; k < m; k++) Assert.Equal(gamma[c] * xn[k] + beta[c], y[indices[k]], 4);
            Assert.Equal(0.9 * expectedMean[c] + 0.1 * mu, runningMean[c], 5);
            Assert.Equal(0.9 * expectedVariance[c] + 0.1 * variance, runningVariance[c], 5);

            double[] g = [.. indices.Select(i => (double)dy[i])];
            double dbeta = g.Sum(), dgamma = g.Select((v, k) => v * xn[k]).Sum();
            double[] dxn = [.. g.Select(v => gamma[c] * v)];
            double[] dxc = [.. dxn.Select(v => v / sd)];
            double dstd = -dxn.Select((v, k) => v * xc[k] / (sd * sd)).Sum();
            double dvar = 0.5 * dstd / sd;
            for (int k = 0; k < m; k++) dxc[k] += 2.0 / m * xc[k] * dvar;
            double dmu = dxc.Sum();
            Assert.Equal(dbeta, dBeta[c], 4);
            Assert.Equal(dgamma, dGamma[c], 4);
            for (int k = 0; k < m; k++) Assert.Equal(dxc[k] - dmu / m, dx[indices[k]], 4);
        }
    }

    private static float[] Random(Rng random, int length, float scale) => [.. Enumerable.Range(0, length).Select(_ => (float)random.NextGaussian() * scale)];

    [Fact]
    public void Training_normalises_each_channel_and_inference_uses_the_running_statistics()
    {
        var network = new ConvBatchNormNet(seed: 6);
        var (inputs, _) = Batch(3, 50, 4, seed: 9);
        network.Forward(inputs, 3, training: true);
        // gamma 1 and beta 0: each channel's normalised values have mean 0 and variance 1.
        float[] normalized = NormalizedOutput(network, inputs, training: true);
        for (int c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, 3).SelectMany(n => normalized.Skip((n * 3 + c) * 25).Take(25)).ToArray();
            Assert.Equal(0, values.Average(), 5);
            Assert.Equal(1, values.Average(v => (double)v * v), 3);
        }
        // One training pass moved the running statistics from zero by a tenth of the batch's.
        Assert.Contains(network.running_mean1, v => v != 0);
        Assert.All(network.running_var1, v => Assert.True(v > 0));
        var before = network.Forward(inputs, 3, training: false).ToArray();
        network.running_mean1[0] += 1f; // inference reads the running statistics, training does not
        Assert.NotEqual(before, network.Forward(inputs, 3, training: false).ToArray());
        var trained = network.Forward(inputs, 3, training: true).ToArray();
        network.running_mean1[1] += 1f;
        Assert.Equal(trained, network.Forward(inputs, 3, training: true).ToArray());
    }

    /// <summary>The first BatchNorm's output with its first layer made the identity, read back through the Conv.</summary>
    private static float[] NormalizedOutput(ConvBatchNormNet network, float[] inputs, bool training)
    {
        // A 1-filter-per-channel identity is not available for a 2-to-3 convolution, so read
        // the layer's own buffer: the convolution output normalised is x̂, which γ = 1 and β = 0 leave as y.
        var field = typeof(ConvBatchNormNet).GetField("_batchNorm1Normalized", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        network.Forward(inputs, 3, training);
        return (float[])field.GetValue(network)!;
    }

    [Fact]
    public void Parameters_and_state_carry_the_books_names_and_starting_values()
    {
        var network = new BatchNormDropoutNet(seed: 1);
        Assert.Equal(["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"], network.Parameters.Select(p => p.Name));
        Assert.Equal(["running_mean1", "running_var1", "running_mean2", "running_var2", "random"], network.State.Select(s => s.Name));
        Assert.All(network.gamma1, v => Assert.Equal(1f, v));
        Assert.All(network.beta1, v => Assert.Equal(0f, v));
        Assert.All(network.running_var2, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Running_statistics_round_trip_through_weights_files_and_checkpoints()
    {
        var network = new DenseBatchNormNet(seed: 7);
        var (inputs, labels) = Batch(6, 5, 3, seed: 8);
        var adam = new Adam(0.01f);
        for (int i = 0; i < 5; i++) network.TrainStep(inputs, labels, 6, adam);
        string weights = Path.Combine(_folder, "weights.npz"), checkpoint = Path.Combine(_folder, "checkpoint.npz");
        network.Save(weights);
        Checkpoint.Save(checkpoint, network, adam, epoch: 1);

        var loaded = new DenseBatchNormNet(seed: 9);
        loaded.Load(weights);
        Assert.Equal(network.running_mean1, loaded.running_mean1);
        Assert.Equal(network.running_var1, loaded.running_var1);
        Assert.Equal(network.Forward(inputs, 6).ToArray(), loaded.Forward(inputs, 6).ToArray());

        var resumed = new DenseBatchNormNet(seed: 10);
        var resumedAdam = new Adam(0.01f);
        Checkpoint.Load(checkpoint, resumed, resumedAdam);
        network.TrainStep(inputs, labels, 6, adam);
        resumed.TrainStep(inputs, labels, 6, resumedAdam);
        for (int p = 0; p < network.Parameters.Count; p++) Assert.Equal(network.Parameters[p].Value, resumed.Parameters[p].Value);
        Assert.Equal(network.running_var1, resumed.running_var1);
    }

    [Fact]
    public void A_batch_norm_network_resumed_from_a_checkpoint_matches_one_that_never_stopped()
    {
        var random = new Rng(21);
        var data = new ModelGen.Data.Dataset([.. Enumerable.Range(0, 400 * 784).Select(_ => random.NextFloat())], [.. Enumerable.Range(0, 400).Select(_ => random.NextInt(10))], [784]);
        ResumeCheck.AssertResumeMatches(seed => new BatchNormDropoutNet(seed), data, epochs: 2, learningRate: 0.001f);
    }
}
