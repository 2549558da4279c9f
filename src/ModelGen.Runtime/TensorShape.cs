namespace ModelGen;

/// <summary>The arithmetic of tensor shapes that parameters, state, arrays and IDX files share.</summary>
internal static class TensorShape
{
    /// <summary>The number of values a tensor of <paramref name="shape"/> holds (1 for a scalar).</summary>
    public static long Size(IEnumerable<int> shape)
    {
        long size = 1;
        foreach (int d in shape) size *= d;
        return size;
    }

    /// <summary>"(16, 1, 3, 3)": a shape as messages write it.</summary>
    public static string Text(IEnumerable<int> shape) => "(" + string.Join(", ", shape) + ")";
}
