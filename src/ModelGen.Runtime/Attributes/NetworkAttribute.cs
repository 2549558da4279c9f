namespace ModelGen;

/// <summary>
/// Marks a <c>partial</c> class as a network for the ModelGen generator. The layer attributes on
/// the same declaration, read in source order, give the layers; this attribute gives the input.
/// </summary>
/// <example>
/// <code>
/// [Network(Input = [784], Batch = 100)]
/// [Dense(50), Relu, Dense(10), SoftmaxCrossEntropy]
/// public partial class TwoLayerNet;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The shape of one sample: <c>[features]</c> or <c>[channels, height, width]</c>.</summary>
    public int[] Input { get; set; } = [];

    /// <summary>The fixed batch size that every buffer is allocated for.</summary>
    public int Batch { get; set; } = 100;

    /// <summary>Weight initialisation for every layer that does not choose its own.</summary>
    public WeightInit Init { get; set; } = WeightInit.Gaussian;

    /// <summary>
    /// False for forward-only networks (the perceptron of chapter 2): no loss, no backward pass,
    /// no training step are generated, and a <see cref="StepAttribute"/> layer is allowed.
    /// </summary>
    public bool Trainable { get; set; } = true;
}
