using ModelGen.Optimizers;

namespace ModelGen.Tests.Runtime;

/// <summary>Each optimizer's update against the book's formulas, computed by hand in double.</summary>
public class OptimizerTests
{
    private static Parameter Weight(float value, float gradient) => new("W1", [1], [value], [gradient]);

    private static void Steps(Optimizer optimizer, Parameter p, int steps, Func<float> gradient)
    {
        for (int i = 0; i < steps; i++)
        {
            p.Gradient[0] = gradient();
            optimizer.Update([p]);
        }
    }

    [Fact]
    public void Sgd_steps_against_the_gradient()
    {
        var p = Weight(1f, 0.5f);
        new Sgd(0.1f).Update([p]);
        Assert.Equal(0.95f, p.Value[0], 6);
    }

    [Fact]
    public void Momentum_accumulates_velocity()
    {
        var p = Weight(1f, 0);
        Steps(new Momentum(0.1f, 0.9f), p, 2, () => 1f);
        // v1 = -0.1; w = 0.9; v2 = 0.9·(-0.1) - 0.1 = -0.19; w = 0.71
        Assert.Equal(0.71f, p.Value[0], 5);
    }

    [Fact]
    public void Nesterov_follows_the_books_form()
    {
        var p = Weight(1f, 0);
        Steps(new Nesterov(0.1f, 0.9f), p, 1, () => 1f);
        // v = -0.1; w += 0.81·(-0.1) - 1.9·0.1 = -0.271
        Assert.Equal(0.729f, p.Value[0], 5);
    }

    [Fact]
    public void AdaGrad_scales_by_accumulated_squares()
    {
        var p = Weight(1f, 0);
        Steps(new AdaGrad(0.1f), p, 2, () => 2f);
        // h1 = 4: w -= 0.1·2/2 = 0.1; h2 = 8: w -= 0.1·2/√8
        Assert.Equal(1 - 0.1 - 0.2 / Math.Sqrt(8), p.Value[0], 5);
    }

    [Fact]
    public void RmsProp_forgets_old_squares()
    {
        var p = Weight(1f, 0);
        Steps(new RmsProp(0.1f, 0.99f), p, 1, () => 2f);
        // h = 0.01·4 = 0.04: w -= 0.1·2/0.2 = 1
        Assert.Equal(0f, p.Value[0], 4);
    }

    [Fact]
    public void Adam_first_step_moves_by_the_learning_rate()
    {
        // With bias correction, Adam's first step is lr·g/|g| whatever the gradient's size.
        var p = Weight(1f, 0);
        Steps(new Adam(0.001f), p, 1, () => 123f);
        Assert.Equal(0.999f, p.Value[0], 5);
        var q = Weight(1f, 0);
        Steps(new Adam(0.001f), q, 1, () => -0.0001f);
        Assert.Equal(1.001f, q.Value[0], 4);
    }

    [Fact]
    public void Adam_matches_the_formula_over_several_steps()
    {
        var p = Weight(0.5f, 0);
        float[] gradients = [0.3f, -0.1f, 0.2f];
        int k = 0;
        Steps(new Adam(0.01f), p, 3, () => gradients[k++]);
        double w = 0.5, m = 0, v = 0;
        for (int t = 1; t <= 3; t++)
        {
            double g = gradients[t - 1];
            double lrT = 0.01 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
            m += 0.1 * (g - m);
            v += 0.001 * (g * g - v);
            w -= lrT * m / (Math.Sqrt(v) + 1e-7);
        }
        Assert.Equal(w, p.Value[0], 5);
    }

    [Fact]
    public void Adam_vector_and_scalar_paths_agree_bit_for_bit()
    {
        // 37 values: whole vectors plus a scalar tail, all fed the same gradients, must stay
        // equal to each other and to a one-value parameter (scalar path only).
        var wide = new Parameter("W1", [37], Enumerable.Repeat(0.5f, 37).ToArray(), new float[37]);
        var single = Weight(0.5f, 0);
        var wideAdam = new Adam(0.01f);
        var singleAdam = new Adam(0.01f);
        foreach (float g in new[] { 0.3f, -0.1f, 0.2f, 0.05f })
        {
            Array.Fill(wide.Gradient, g);
            single.Gradient[0] = g;
            wideAdam.Update([wide]);
            singleAdam.Update([single]);
        }
        Assert.All(wide.Value, v => Assert.Equal(single.Value[0], v));
    }

    [Theory]
    [InlineData("Adam", "m")]
    [InlineData("Momentum", "v")]
    [InlineData("Nesterov", "v")]
    [InlineData("RmsProp", "h")]
    public void Decaying_state_never_turns_subnormal_where_the_gradient_stops(string optimizerName, string decaying)
    {
        // A unit that stops receiving gradient: its state decays geometrically and would spend
        // hundreds of steps subnormal (each op on it ~100x slower); it must go straight from a
        // normal number to 0. 37 values cover Adam's vector path and its scalar tail; the last
        // gets a gradient so small that its square would be subnormal.
        Optimizer optimizer = optimizerName switch
        {
            "Adam" => new Adam(0.001f),
            "Momentum" => new Momentum(0.001f),
            "Nesterov" => new Nesterov(0.001f),
            _ => new RmsProp(0.001f, 0.9f),
        };
        var p = new Parameter("W1", [37], Enumerable.Repeat(0.5f, 37).ToArray(), new float[37]);
        Array.Fill(p.Gradient, 0.01f);
        optimizer.Update([p]);
        Array.Fill(p.Gradient, 0f);
        p.Gradient[36] = 1e-20f;
        bool reachedZero = false;
        for (int step = 0; step < 1200; step++)
        {
            optimizer.Update([p]);
            var state = optimizer.ExportState([p]).Where(s => s.Name != "step").ToList();
            foreach (var (name, values) in state)
            {
                Assert.All(values, value => Assert.False(float.IsSubnormal(value), $"{name}, step {step}: subnormal {value:E3}"));
            }
            reachedZero |= state.Single(s => s.Name == "W1." + decaying).Values.All(x => x == 0f);
        }
        Assert.True(reachedZero, $"{optimizerName}'s {decaying} should have decayed to exactly zero");
        Assert.All(p.Value, w => Assert.True(w < 0.5f && w > 0.45f, $"weight {w}"));
    }

    [Fact]
    public void Weight_decay_applies_to_weights_only()
    {
        var weight = new Parameter("W1", [1], [2f], [0f]);
        var bias = new Parameter("b1", [1], [2f], [0f]);
        new Sgd(0.5f) { WeightDecay = 0.1f }.Update([weight, bias]);
        Assert.Equal(2f - 0.5f * 0.1f * 2f, weight.Value[0], 6);
        Assert.Equal(2f, bias.Value[0]);
    }

    [Fact]
    public void The_reported_loss_carries_the_weight_decay_term_of_weights_only()
    {
        var network = new EndToEnd.ReluNet(seed: 2);
        float[] inputs = [.. Enumerable.Range(0, 20).Select(i => i / 20f)];
        int[] labels = [0, 1, 2, 1];
        float plain = network.TrainStep(inputs, labels, 4, new Sgd(1e-30f));
        // ½λ‖W‖² over W1 and W2, not the biases (which a large value makes visible).
        Array.Fill(network.b1, 1000f);
        double squares = network.W1.Sum(w => (double)w * w) + network.W2.Sum(w => (double)w * w);
        var decaying = new Sgd(1e-30f) { WeightDecay = 0.1f };
        float penalty = decaying.Penalty(network.Parameters);
        Assert.Equal(0.5 * 0.1 * squares, penalty, 4);
        Array.Fill(network.b1, 0f);
        float decayed = network.TrainStep(inputs, labels, 4, decaying);
        Assert.Equal(plain + 0.5 * 0.1 * squares, decayed, 4);
        Assert.Equal(0f, new Sgd(0.1f).Penalty(network.Parameters));
    }

    [Fact]
    public void State_round_trips_and_a_bad_state_changes_nothing()
    {
        var p = Weight(1f, 0);
        var adam = new Adam(0.01f);
        Steps(adam, p, 2, () => 0.5f);
        var saved = adam.ExportState([p]).ToDictionary(s => s.Name, s => (float[])s.Values.Clone());
        Assert.Equal(2f, saved["step"][0]);
        Assert.True(saved.ContainsKey("W1.m") && saved.ContainsKey("W1.v"));

        var restored = new Adam(0.01f);
        restored.ImportState(saved, [p], "test.npz");
        Assert.Equal(2, restored.Steps);

        var broken = new Dictionary<string, float[]>(saved) { ["W1.v"] = [1f, 2f] };
        var fresh = new Adam(0.01f);
        var error = Assert.Throws<ModelGen.IO.InvalidDataFileException>(() => fresh.ImportState(broken, [p], "bad.npz"));
        Assert.Contains("bad.npz", error.Message, StringComparison.Ordinal);
        Assert.Contains("W1.v", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fresh.Steps);
    }

    [Fact]
    public void A_learning_rate_that_is_not_positive_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0f));
}
