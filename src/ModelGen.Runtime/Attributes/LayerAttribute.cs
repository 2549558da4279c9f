namespace ModelGen;

/// <summary>
/// The base of every layer attribute. Layers are read in the order they are written on the
/// class declaration, so one attribute list can read like the network it declares.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
    // Only the layers the generator knows can exist: a user-defined layer would be silently ignored.
    private protected LayerAttribute()
    {
    }
}

/// <summary>A layer with weights: fully connected or convolution.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class WeightedLayerAttribute : LayerAttribute
{
    /// <summary>How this layer's weights are drawn; <see cref="WeightInit.Default"/> takes the network's.</summary>
    public WeightInit Init { get; set; } = WeightInit.Default;

    /// <summary>Standard deviation for <see cref="WeightInit.Gaussian"/>; the book uses 0.01.</summary>
    public double Std { get; set; } = 0.01;
}
