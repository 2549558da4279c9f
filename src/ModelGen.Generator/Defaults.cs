namespace ModelGen.Generator
{
    /// <summary>
    /// The values an argument takes when the user does not give it, in one place. They must
    /// equal the initial values of the runtime's attribute properties (NetworkAttribute.Batch,
    /// WeightedLayerAttribute.Std), which the generator cannot read; a test checks that they do.
    /// </summary>
    internal static class Defaults
    {
        /// <summary>Samples per batch: the book trains with mini-batches of 100.</summary>
        public const int Batch = 100;

        /// <summary>The standard deviation of Gaussian weights: the book's weight_init_std = 0.01.</summary>
        public const double GaussianStd = 0.01;

        /// <summary>No dimension of one sample or layer may exceed this (2^20): larger is a typo.</summary>
        public const int MaxDimension = 1 << 20;

        /// <summary>The largest batch a network may declare.</summary>
        public const int MaxBatch = 1 << 16;

        /// <summary>The largest Gaussian standard deviation accepted; anything larger is a typo.</summary>
        public const double MaxStd = 1e3;
    }
}
