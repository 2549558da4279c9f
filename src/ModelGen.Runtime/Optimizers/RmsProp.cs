namespace ModelGen.Optimizers;

/// <summary>RMSprop: h ← ρh + (1 − ρ)g²; W ← W − lr·g / (√h + 1e-7). The book's ρ is 0.99.</summary>
public sealed class RmsProp(float learningRate = 0.01f, float decay = 0.99f) : ElementwiseOptimizer(learningRate)
{
    /// <summary>ρ, the share of the running average of squared gradients kept each step (the book's 0.99).</summary>
    public float Decay { get; } = decay;

    /// <summary>One state array per parameter: "h", the running average of squared gradients.</summary>
    protected override IReadOnlyList<string> StateNames => ["h"];

    /// <summary>One RMSprop step on a slice of one parameter; state[0] is h.</summary>
    protected override void ApplySlice(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int offset)
    {
        var h = state[0].AsSpan(offset, value.Length);
        float lr = LearningRate, rho = Decay;
        for (int i = 0; i < value.Length; i++)
        {
            float g = Subnormals.Flush(gradient[i], Subnormals.TinyGradient);
            h[i] = Subnormals.Flush(rho * h[i] + (1 - rho) * g * g, Subnormals.TinyState);
            value[i] -= lr * g / (MathF.Sqrt(h[i]) + 1e-7f);
        }
    }
}
