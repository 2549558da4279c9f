namespace ModelGen.Generator.Shapes
{
    /// <summary>
    /// The shape of one sample between two layers: a feature map (channels x height x width,
    /// NCHW) or a flat vector. Flattening a map is free: NCHW rows are already contiguous.
    /// </summary>
    internal sealed record FeatureShape(int Channels, int Height, int Width, bool IsMap)
    {
        public static FeatureShape Flat(int size) => new(size, 1, 1, false);

        public static FeatureShape Map(int channels, int height, int width) => new(channels, height, width, true);

        public long Size => (long)Channels * Height * Width;

        public override string ToString() => IsMap ? $"{Channels}x{Height}x{Width}" : Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
