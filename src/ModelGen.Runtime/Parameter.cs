namespace ModelGen;

/// <summary>
/// One learnable tensor of a network and its gradient, named as in the book (W1, b1, ...).
/// The arrays are the network's own buffers: writing them changes the network.
/// </summary>
public sealed class Parameter
{
    /// <summary>Wraps a network's buffers (not copied) under the book's name and layout.</summary>
    /// <param name="name">W1, b1, W2, ... in layer order.</param>
    /// <param name="shape">The book's layout, outermost first; its product is the buffers' length.</param>
    /// <param name="value">The parameter's values.</param>
    /// <param name="gradient">The buffer the backward pass writes the parameter's gradient to.</param>
    public Parameter(string name, int[] shape, float[] value, float[] gradient)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(gradient);
        long size = TensorShape.Size(shape);
        if (size != value.Length || size != gradient.Length)
            throw new ArgumentException($"Parameter {name}: shape {TensorShape.Text(shape)} holds {size} values but the buffers hold {value.Length} and {gradient.Length}.");
        Name = name;
        Shape = shape;
        Value = value;
        Gradient = gradient;
    }

    /// <summary>The book's name: W1, b1, W2, ... in layer order.</summary>
    public string Name { get; }

    /// <summary>The book's layout: (in, out) for dense weights, (FN, C, FH, FW) for convolutions.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The current values.</summary>
    public float[] Value { get; }

    /// <summary>The gradient of the loss, written by the backward pass.</summary>
    public float[] Gradient { get; }

    /// <summary>True for weights, false for biases: weight decay applies to weights only, as in the book.</summary>
    public bool IsWeight => Name.StartsWith('W');

    /// <summary>The number of values: the product of <see cref="Shape"/>.</summary>
    public int Size => Value.Length;

    /// <summary>The name and shape, e.g. "W1 (784x50)".</summary>
    public override string ToString() => $"{Name} ({string.Join("x", Shape)})";
}
