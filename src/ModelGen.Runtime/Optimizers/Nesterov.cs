namespace ModelGen.Optimizers;

/// <summary>
/// Nesterov's accelerated gradient in the book's form (its common/optimizer.py):
/// v ← αv − lr·g; W ← W + α²v − (1 + α)·lr·g.
/// </summary>
public sealed class Nesterov(float learningRate = 0.01f, float momentum = 0.9f) : VelocityOptimizer(learningRate, momentum)
{
    /// <summary>One Nesterov step on a slice of one parameter; state[0] is the velocity v.</summary>
    protected override void ApplySlice(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int offset)
    {
        var v = state[0].AsSpan(offset, value.Length);
        float lr = LearningRate, alpha = Coefficient;
        for (int i = 0; i < value.Length; i++)
        {
            float g = Subnormals.Flush(gradient[i], Subnormals.TinyGradient);
            v[i] = Subnormals.Flush(alpha * v[i] - lr * g, Subnormals.TinyState);
            value[i] += alpha * alpha * v[i] - (1 + alpha) * lr * g;
        }
    }
}
