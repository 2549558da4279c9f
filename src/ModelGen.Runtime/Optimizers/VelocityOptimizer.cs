namespace ModelGen.Optimizers;

/// <summary>
/// The optimizers that keep a velocity v per parameter (chapter 6.1.4): each step keeps the
/// share <see cref="Coefficient"/> of v and adds −lr·g to it, then moves the weights along v
/// (<see cref="Momentum"/>) or a step further along it (<see cref="Nesterov"/>).
/// </summary>
public abstract class VelocityOptimizer(float learningRate, float momentum) : ElementwiseOptimizer(learningRate)
{
    /// <summary>α, the share of the velocity kept from one step to the next (the book's 0.9).</summary>
    public float Coefficient { get; } = momentum;

    /// <summary>One state array per parameter: the velocity "v", as checkpoints name it.</summary>
    protected sealed override IReadOnlyList<string> StateNames => ["v"];
}
