namespace ModelGen.Data;

/// <summary>The loaded dataset and where it came from.</summary>
/// <param name="Train">The 60000 training samples.</param>
/// <param name="Test">The 10000 test samples.</param>
/// <param name="Directory">The directory the four IDX files were read from.</param>
/// <param name="Source">How they got there, in words (named directory, cache, download, npm).</param>
public sealed record MnistData(Dataset Train, Dataset Test, string Directory, string Source);
