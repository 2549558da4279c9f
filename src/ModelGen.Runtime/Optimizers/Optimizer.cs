namespace ModelGen.Optimizers;

/// <summary>
/// Updates parameters from their gradients (chapter 6.1). Each optimizer keeps its state
/// (velocities, squared-gradient sums, moments) per parameter, allocated on the first update
/// and reused after, so a training step allocates nothing.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<string, float[][]> _state = new(StringComparer.Ordinal);

    /// <summary>Sets the learning rate, which must be positive and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is zero, negative, infinite or NaN.</exception>
    protected Optimizer(float learningRate)
    {
        if (!(learningRate > 0) || float.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        LearningRate = learningRate;
    }

    /// <summary>The step size.</summary>
    public float LearningRate { get; set; }

    /// <summary>
    /// L2 weight decay λ (chapter 6.4.1): adds λ·W to each weight's gradient, the gradient of
    /// ½λ‖W‖² added to the loss. Biases are not decayed, as in the book.
    /// </summary>
    public float WeightDecay { get; set; }

    /// <summary>Updates applied so far (Adam's bias correction counts them).</summary>
    public long Steps { get; private set; }

    /// <summary>The names of the state arrays kept per parameter (Adam: "m" and "v").</summary>
    protected abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>Applies one update to every parameter from its current gradient.</summary>
    public void Update(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Steps++;
        for (int i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (WeightDecay != 0 && parameter.IsWeight)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(parameter.Value, WeightDecay, parameter.Gradient, parameter.Gradient);
            Apply(parameter.Value, parameter.Gradient, StateOf(parameter));
        }
    }

    /// <summary>
    /// The weight-decay term of the loss, ½λ‖W‖² summed over every weight (biases and Batch
    /// Normalization's γ and β are exempt), as the book's <c>loss()</c> adds it; 0 without decay.
    /// A training step adds it to the loss it reports, computed before the update.
    /// </summary>
    public float Penalty(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (WeightDecay == 0) return 0;
        double sum = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].IsWeight) sum += System.Numerics.Tensors.TensorPrimitives.SumOfSquares(parameters[i].Value);
        }
        return (float)(0.5 * WeightDecay * sum);
    }

    /// <summary>Updates one parameter's <paramref name="value"/> from its <paramref name="gradient"/>.</summary>
    protected abstract void Apply(Span<float> value, ReadOnlySpan<float> gradient, float[][] state);

    /// <summary>Every state array, named "{parameter}.{state}", plus "step": for checkpoints.</summary>
    public IEnumerable<(string Name, float[] Values)> ExportState()
    {
        yield return ("step", [Steps]);
        foreach (var (name, arrays) in _state.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            for (int s = 0; s < arrays.Length; s++) yield return ($"{name}.{StateNames[s]}", arrays[s]);
        }
    }

    /// <summary>
    /// Restores state saved by <see cref="ExportState"/> for <paramref name="parameters"/>. Every
    /// array is checked before any is copied, so a bad checkpoint leaves the optimizer as it was.
    /// </summary>
    public void ImportState(IReadOnlyDictionary<string, float[]> saved, IReadOnlyList<Parameter> parameters, string source)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!saved.TryGetValue("step", out var step) || step.Length != 1)
            throw new IO.InvalidDataFileException(source, "the optimizer state has no 'step' value.");
        foreach (var parameter in parameters)
        {
            foreach (var stateName in StateNames)
            {
                string key = $"{parameter.Name}.{stateName}";
                if (!saved.TryGetValue(key, out var values))
                    throw new IO.InvalidDataFileException(source, $"the optimizer state '{key}' is missing.");
                if (values.Length != parameter.Size)
                    throw new IO.InvalidDataFileException(source, $"the optimizer state '{key}' holds {values.Length} values; {parameter.Name} has {parameter.Size}.");
            }
        }
        Steps = (long)step[0];
        foreach (var parameter in parameters)
        {
            var arrays = StateOf(parameter);
            for (int s = 0; s < StateNames.Count; s++) saved[$"{parameter.Name}.{StateNames[s]}"].CopyTo(arrays[s], 0);
        }
    }

    private float[][] StateOf(Parameter parameter)
    {
        if (_state.TryGetValue(parameter.Name, out var arrays) && (arrays.Length == 0 || arrays[0].Length == parameter.Size))
            return arrays;
        arrays = new float[StateNames.Count][];
        for (int s = 0; s < arrays.Length; s++) arrays[s] = new float[parameter.Size];
        _state[parameter.Name] = arrays;
        return arrays;
    }
}
