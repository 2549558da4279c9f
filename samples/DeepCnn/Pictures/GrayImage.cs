namespace ModelGen.Samples.DeepCnn.Pictures;

/// <summary>A one-channel image, row by row: an input, or one filter's output map.</summary>
internal readonly record struct GrayImage(float[] Pixels, int Width, int Height);
