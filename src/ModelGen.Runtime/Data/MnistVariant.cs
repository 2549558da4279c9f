namespace ModelGen.Data;

/// <summary>Which MNIST-format dataset to load: both have 28x28 grey images and ten classes.</summary>
public enum MnistVariant
{
    /// <summary>Handwritten digits 0-9 (LeCun et al.), the book's dataset.</summary>
    Digits,

    /// <summary>Zalando's Fashion-MNIST: ten kinds of clothing, a harder drop-in replacement.</summary>
    Fashion,
}
