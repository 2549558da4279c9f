namespace ModelGen.Optimizers;

/// <summary>
/// An optimizer that updates each element from that element alone (every optimizer of the
/// book). It writes only <see cref="Optimizer.ApplySlice"/>; big parameters are then updated in
/// slices across the kernel threads, and a whole parameter is the slice at offset 0.
/// </summary>
public abstract class ElementwiseOptimizer(float learningRate) : Optimizer(learningRate)
{
    /// <summary>Always true: each element is updated from itself alone.</summary>
    protected sealed override bool UpdatesElementwise => true;

    /// <summary>The whole parameter, as the slice at offset 0.</summary>
    protected sealed override void Apply(Span<float> value, ReadOnlySpan<float> gradient, float[][] state)
        => ApplySlice(value, gradient, state, 0);

    /// <inheritdoc/>
    protected abstract override void ApplySlice(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int offset);
}
