namespace ModelGen.Optimizers;

/// <summary>
/// Updates parameters from their gradients (chapter 6.1). Each optimizer keeps its state
/// (velocities, squared-gradient sums, moments, the count of updates) per parameter object,
/// allocated on the first update and reused after, so a training step allocates nothing. State
/// belongs to the parameter itself, not to its name: one optimizer can train two networks (both
/// with a W1) and each trains as it would with an optimizer of its own.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Parameter, ParameterState> _state = new(ReferenceEqualityComparer.Instance);
    private long _parameterSteps;

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

    /// <summary>Updates applied so far, by any network, counting those of an imported checkpoint.</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// The updates the parameter now in <see cref="Apply"/> has had, this one included (1 on its
    /// first): what Adam's bias correction counts. Equal to <see cref="Steps"/> while the
    /// optimizer trains one network.
    /// </summary>
    protected long ParameterSteps => _parameterSteps;

    /// <summary>The names of the state arrays kept per parameter (Adam: "m" and "v").</summary>
    protected abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>
    /// True when <see cref="ApplySlice"/> updates each element from that element alone, as every
    /// optimizer of the book does. <see cref="Update"/> then splits big parameters across the
    /// kernel threads (<see cref="SlicedUpdate"/>); otherwise it calls <see cref="Apply"/> on
    /// the caller's thread.
    /// </summary>
    protected virtual bool UpdatesElementwise => false;

    /// <summary>Applies one update to every parameter from its current gradient.</summary>
    public void Update(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Steps++;
        for (int i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var state = StateOf(parameter);
            _parameterSteps = ++state.Steps;
            if (UpdatesElementwise && SlicedUpdate.Run(this, parameter, state.Arrays))
            {
                continue;
            }

            if (WeightDecay != 0 && parameter.IsWeight)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(parameter.Value, WeightDecay, parameter.Gradient, parameter.Gradient);
            Apply(parameter.Value, parameter.Gradient, state.Arrays);
        }
    }

    /// <summary>
    /// Weight decay and <see cref="ApplySlice"/> on elements [start, end) of a parameter; called
    /// by <see cref="SlicedUpdate"/> on the kernel threads, each on a slice of its own.
    /// </summary>
    internal void UpdateSlice(Parameter parameter, float[][] state, int start, int end)
    {
        var value = parameter.Value.AsSpan(start, end - start);
        var gradient = parameter.Gradient.AsSpan(start, end - start);
        if (WeightDecay != 0 && parameter.IsWeight)
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(value, WeightDecay, gradient, gradient);
        ApplySlice(value, gradient, state, start);
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

    /// <summary>
    /// Updates elements [<paramref name="offset"/>, offset + value.Length) of a parameter:
    /// <paramref name="value"/> and <paramref name="gradient"/> are that slice, <paramref name="state"/>
    /// the whole arrays. Called, on several threads at once for disjoint slices, only when
    /// <see cref="UpdatesElementwise"/> is true; its results must not depend on where a slice starts.
    /// </summary>
    protected virtual void ApplySlice(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int offset)
        => throw new NotSupportedException($"{GetType().Name} does not update slices of a parameter; it must leave UpdatesElementwise false.");

    /// <summary>
    /// The state of <paramref name="parameters"/> (one network's), for checkpoints: "step", then
    /// each state array named "{parameter}.{state}" (W1.m, W1.v, ...). A parameter not updated
    /// yet has zeros, the state its first update would start from.
    /// </summary>
    public IEnumerable<(string Name, float[] Values)> ExportState(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        long steps = 0;
        foreach (var parameter in parameters)
        {
            if (_state.TryGetValue(parameter, out var state)) steps = Math.Max(steps, state.Steps);
        }
        yield return ("step", [steps]);
        foreach (var parameter in parameters)
        {
            _state.TryGetValue(parameter, out var state);
            for (int s = 0; s < StateNames.Count; s++) yield return ($"{parameter.Name}.{StateNames[s]}", state?.Arrays[s] ?? new float[parameter.Size]);
        }
    }

    /// <summary>The names and lengths of the arrays <see cref="ExportState"/> writes for <paramref name="parameters"/>, "step" first.</summary>
    internal IEnumerable<(string Name, int Size)> StateLayout(IReadOnlyList<Parameter> parameters)
    {
        yield return ("step", 1);
        foreach (var parameter in parameters)
        {
            foreach (string stateName in StateNames) yield return ($"{parameter.Name}.{stateName}", parameter.Size);
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
        float steps = step[0];
        // float32 counts exactly to 2^24 updates; beyond that a checkpoint's count is rounded,
        // which only nudges Adam's bias correction, already 1 to float precision by then.
        if (!(steps >= 0 && steps <= long.MaxValue && steps == MathF.Floor(steps)))
            throw new IO.InvalidDataFileException(source, $"the optimizer's step count {steps} is not a whole number of steps.");
        foreach (var parameter in parameters)
        {
            foreach (var stateName in StateNames)
            {
                string key = $"{parameter.Name}.{stateName}";
                if (!saved.TryGetValue(key, out var values))
                    throw new IO.InvalidDataFileException(source, $"the optimizer state '{key}' is missing.");
                if (values.Length != parameter.Size)
                    throw new IO.InvalidDataFileException(source, $"the optimizer state '{key}' holds {values.Length} values; {parameter.Name} has {parameter.Size}.");
                if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(values))
                    throw new IO.InvalidDataFileException(source, $"the optimizer state '{key}' holds a value that is not finite.");
            }
        }
        Steps = (long)steps;
        foreach (var parameter in parameters)
        {
            var state = StateOf(parameter);
            state.Steps = (long)steps;
            for (int s = 0; s < StateNames.Count; s++) saved[$"{parameter.Name}.{StateNames[s]}"].CopyTo(state.Arrays[s], 0);
        }
    }

    private ParameterState StateOf(Parameter parameter)
    {
        if (_state.TryGetValue(parameter, out var state))
            return state;
        var arrays = new float[StateNames.Count][];
        for (int s = 0; s < arrays.Length; s++) arrays[s] = new float[parameter.Size];
        state = new ParameterState(arrays);
        _state[parameter] = state;
        return state;
    }

    /// <summary>One parameter's state arrays and the number of updates it has had.</summary>
    private sealed class ParameterState(float[][] arrays)
    {
        public float[][] Arrays { get; } = arrays;

        public long Steps { get; set; }
    }
}
