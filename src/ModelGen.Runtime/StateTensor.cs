namespace ModelGen;

/// <summary>
/// A piece of a network's non-learnable state: saved, loaded and checkpointed with the
/// parameters, but never touched by an optimizer (PyTorch calls these the buffers of a state
/// dict). Batch Normalization's running mean and variance are state, and so is the position of
/// the random generator that draws Dropout masks: without it a resumed run would drop different
/// values than an unbroken one.
/// </summary>
public sealed class StateTensor
{
    private readonly float[]? _values;
    private readonly Rng? _random;

    /// <summary>State held in <paramref name="values"/>, the network's own array (not a copy).</summary>
    public StateTensor(string name, int[] shape, float[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        long size = TensorShape.Size(shape);
        if (size != values.Length)
            throw new ArgumentException($"State {name}: shape {TensorShape.Text(shape)} holds {size} values but the array holds {values.Length}.");
        Name = name;
        Shape = shape;
        _values = values;
    }

    private StateTensor(string name, Rng random)
    {
        Name = name;
        Shape = [Rng.StateLength];
        _random = random;
    }

    /// <summary>The position of <paramref name="random"/>, as <see cref="Rng.StateLength"/> values.</summary>
    public static StateTensor Of(string name, Rng random)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(random);
        return new StateTensor(name, random);
    }

    /// <summary>The name in saved files: running_mean1, random, ...</summary>
    public string Name { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of values.</summary>
    public int Size => _values?.Length ?? Rng.StateLength;

    /// <summary>A copy of the current values.</summary>
    public float[] Read()
    {
        if (_values is not null) return (float[])_values.Clone();
        var state = new float[Rng.StateLength];
        _random!.ExportState(state);
        return state;
    }

    /// <summary>
    /// Why <paramref name="values"/> cannot be this state, or null when they can: a wrong length,
    /// a value that is not finite, or (for a random generator) not a generator state at all.
    /// </summary>
    public string? Check(ReadOnlySpan<float> values)
    {
        if (values.Length != Size) return $"it holds {values.Length} values, not {Size}";
        if (_random is not null) return Rng.CheckState(values);
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) return "it holds a value that is not finite";
        }
        return null;
    }

    /// <summary>Overwrites the state with <paramref name="values"/>, after <see cref="Check"/>.</summary>
    public void Write(ReadOnlySpan<float> values)
    {
        string? problem = Check(values);
        if (problem is not null) throw new ArgumentException($"State {Name}: {problem}.", nameof(values));
        if (_values is not null) values.CopyTo(_values);
        else _random!.ImportState(values);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({string.Join("x", Shape)})";
}
