using System.Numerics.Tensors;

namespace ModelGen.Optimizers;

/// <summary>Stochastic gradient descent: W ← W − lr·∂L/∂W (chapter 6.1.2).</summary>
public sealed class Sgd(float learningRate = 0.01f) : Optimizer(learningRate)
{
    /// <summary>None: plain gradient descent keeps no state.</summary>
    protected override IReadOnlyList<string> StateNames => [];

    /// <summary>Each element is updated from itself alone, so big parameters are updated in slices across the kernel threads.</summary>
    protected override bool UpdatesElementwise => true;

    /// <summary>W ← W − lr·g on one parameter.</summary>
    protected override void Apply(Span<float> value, ReadOnlySpan<float> gradient, float[][] state)
        => ApplySlice(value, gradient, state, 0);

    /// <summary>W ← W − lr·g on a slice of one parameter.</summary>
    protected override void ApplySlice(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int offset)
        => TensorPrimitives.MultiplyAdd(gradient, -LearningRate, value, value);
}
