namespace ModelGen;

/// <summary>Fully connected (Affine, chapter 5.6): y = x·W + b with W of shape (in, units).</summary>
/// <param name="units">The number of outputs.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute(int units) : WeightedLayerAttribute
{
    /// <summary>The number of outputs.</summary>
    public int Units { get; } = units;
}

/// <summary>Rectified linear unit, max(0, x) (chapter 5.5.1).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReluAttribute : LayerAttribute;

/// <summary>Logistic sigmoid, 1 / (1 + exp(-x)) (chapter 5.5.2).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SigmoidAttribute : LayerAttribute;

/// <summary>Hyperbolic tangent.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TanhAttribute : LayerAttribute;

/// <summary>
/// Step function, 1 where x &gt; 0 else 0 (chapter 2). It has no useful gradient, so it is only
/// allowed in networks declared with <c>Trainable = false</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class StepAttribute : LayerAttribute;

/// <summary>
/// Softmax output with cross-entropy loss against class labels (appendix A). Must be last.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SoftmaxCrossEntropyAttribute : LayerAttribute;

/// <summary>
/// Identity output with the mean squared error 0.5·Σ(y − t)² against one-hot class labels,
/// averaged over the batch (chapter 4.2.1). Must be last.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MeanSquaredErrorAttribute : LayerAttribute;
