namespace ModelGen.Optimizers;

/// <summary>Momentum (chapter 6.1.4): v ← αv − lr·g; W ← W + v.</summary>
public sealed class Momentum(float learningRate = 0.01f, float momentum = 0.9f) : VelocityOptimizer(learningRate, momentum)
{
    /// <summary>One momentum step on a slice of one parameter; state[0] is the velocity v.</summary>
    protected override void ApplySlice(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int offset)
    {
        var v = state[0].AsSpan(offset, value.Length);
        float lr = LearningRate, alpha = Coefficient;
        for (int i = 0; i < value.Length; i++)
        {
            v[i] = Subnormals.Flush(alpha * v[i] - lr * Subnormals.Flush(gradient[i], Subnormals.TinyGradient), Subnormals.TinyState);
            value[i] += v[i];
        }
    }
}
