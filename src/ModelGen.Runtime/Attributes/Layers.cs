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

/// <summary>
/// Batch Normalization (chapter 6.3): y = γ · (x − μ) / sqrt(σ² + ε) + β with learnable γ and β
/// (gamma1, beta1, ... as the book names them), normalising each feature of a flat input (after
/// a Dense layer, as the book does) or each channel of a feature map over the batch and every
/// position (after a Conv layer, as PyTorch's BatchNorm2d and ONNX define it; the book's own code
/// normalises each of the channels x height x width activations separately instead). Training
/// uses the batch's statistics and moves the running ones (running_mean1, running_var1: state,
/// saved and checkpointed); inference uses the running statistics.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormAttribute : LayerAttribute
{
    /// <summary>How much of the running statistics each training step keeps: the book's 0.9.</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>Added to the variance before the square root: the book's 10e-7, that is 1e-6.</summary>
    public double Epsilon { get; set; } = 1e-6;
}
