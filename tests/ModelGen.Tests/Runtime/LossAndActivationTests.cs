using ModelGen.Kernels;

namespace ModelGen.Tests.Runtime;

/// <summary>The small kernels against direct double-precision formulas.</summary>
public class LossAndActivationTests
{
    [Fact]
    public void Softmax_cross_entropy_matches_the_definition()
    {
        float[] scores = [1f, 2f, 3f, 0.5f, -1f, 4f];
        int[] labels = [2, 0];
        double expected = 0;
        for (int r = 0; r < 2; r++)
        {
            var row = scores.Skip(r * 3).Take(3).Select(s => (double)s).ToArray();
            double sum = row.Sum(Math.Exp);
            expected += -Math.Log(Math.Exp(row[labels[r]]) / sum);
        }
        var gradient = new float[6];
        float loss = Losses.SoftmaxCrossEntropyBackward(scores, labels, gradient, 2, 3);
        Assert.Equal(expected / 2, loss, 5);
        // Each row of the gradient is (softmax - one-hot) / rows, and sums to zero.
        Assert.Equal(0, gradient[0] + gradient[1] + gradient[2], 6);
        double p2 = Math.Exp(3) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        Assert.Equal((p2 - 1) / 2, gradient[2], 5);
    }

    [Fact]
    public void Softmax_cross_entropy_does_not_overflow()
    {
        float[] scores = [1000f, 0f, -1000f];
        float loss = Losses.SoftmaxCrossEntropy(scores, [0], 1, 3);
        Assert.Equal(0f, loss, 5);
        Assert.True(float.IsFinite(Losses.SoftmaxCrossEntropy(scores, [2], 1, 3)));
    }

    [Fact]
    public void A_confident_prediction_leaves_no_subnormal_gradient()
    {
        // Scores 70 and 100 apart: e^-70 and e^-100 would be subnormal or nearly so after
        // scaling, and subnormals slow every later multiply; they are flushed to exactly 0.
        float[] scores = [100f, 30f, 0f];
        var gradient = new float[3];
        Losses.SoftmaxCrossEntropyBackward(scores, [0], gradient, 1, 3);
        Assert.Equal(0f, gradient[1]);
        Assert.Equal(0f, gradient[2]);
        Assert.Equal(0f, gradient[0], 6);
        // Within the guard the gradient is the true one: e^-50 / (1 + e^-50) ≈ 1.9e-22.
        Losses.SoftmaxCrossEntropyBackward([50f, 0f], [0], gradient.AsSpan(0, 2), 1, 2);
        Assert.Equal(Math.Exp(-50), gradient[1], 1e-24);
        Assert.All(gradient, g => Assert.False(float.IsSubnormal(g)));
    }

    [Fact]
    public void Mean_squared_error_is_half_the_squared_distance_to_one_hot()
    {
        float[] outputs = [0.1f, 0.8f, 0.1f];
        var gradient = new float[3];
        float loss = Losses.MeanSquaredErrorBackward(outputs, [1], gradient, 1, 3);
        Assert.Equal(0.5 * (0.01 + 0.04 + 0.01), loss, 5);
        Assert.Equal(-0.2f, gradient[1], 5);
    }

    [Fact]
    public void A_label_out_of_range_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy(new float[3], [3], 1, 3));

    [Fact]
    public void Activations_and_their_derivatives()
    {
        float[] x = Enumerable.Range(-20, 41).Select(i => i * 0.37f).ToArray();
        var y = new float[x.Length];
        var dx = new float[x.Length];
        var dy = Enumerable.Repeat(2f, x.Length).ToArray();

        Activations.Sigmoid(x, y);
        Activations.SigmoidBackward(y, dy, dx);
        for (int i = 0; i < x.Length; i++)
        {
            double s = 1 / (1 + Math.Exp(-x[i]));
            Assert.Equal(s, y[i], 1e-6);
            Assert.Equal(2 * s * (1 - s), dx[i], 1e-6);
        }

        Activations.Tanh(x, y);
        Activations.TanhBackward(y, dy, dx);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(Math.Tanh(x[i]), y[i], 1e-6);
            Assert.Equal(2 * (1 - Math.Tanh(x[i]) * Math.Tanh(x[i])), dx[i], 1e-5);
        }

        Activations.Relu(x, y);
        Activations.ReluBackward(y, dy, dx);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(Math.Max(0, x[i]), y[i]);
            Assert.Equal(x[i] > 0 ? 2f : 0f, dx[i]);
        }

        Activations.Step(x, y);
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i] > 0 ? 1f : 0f, y[i]);
    }

    [Fact]
    public void Bias_is_added_per_row_and_its_gradient_sums_rows()
    {
        float[] y = [1, 2, 3, 4, 5, 6];
        Bias.Add(y, [10f, 20f, 30f], 2, 3);
        Assert.Equal([11f, 22f, 33f, 14f, 25f, 36f], y);
        var db = new float[3];
        Bias.Gradient([1, 2, 3, 4, 5, 6], db, 2, 3);
        Assert.Equal([5f, 7f, 9f], db);
    }
}
