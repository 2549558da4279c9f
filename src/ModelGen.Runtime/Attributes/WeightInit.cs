namespace ModelGen;

/// <summary>How a layer's weights are drawn (chapter 6.2). Biases always start at zero.</summary>
public enum WeightInit
{
    /// <summary>Use the network's <see cref="NetworkAttribute.Init"/>.</summary>
    Default = 0,

    /// <summary>Gaussian with a fixed standard deviation, 0.01 unless the layer sets <c>Std</c>.</summary>
    Gaussian = 1,

    /// <summary>Xavier (Glorot): standard deviation sqrt(1 / fan-in); suits sigmoid and tanh.</summary>
    Xavier = 2,

    /// <summary>He (Kaiming): standard deviation sqrt(2 / fan-in); suits ReLU.</summary>
    He = 3,

    /// <summary>
    /// By the activation the layer feeds, as the book's weight_init_std='relu' or 'sigmoid'
    /// chooses: He before a ReLU, Xavier before a sigmoid or tanh (BatchNorm, Dropout and
    /// pooling in between are looked through). The output layer, which feeds no activation,
    /// follows the activation before it; a network without activations gets Gaussian.
    /// </summary>
    ForActivation = 4,
}
