using System.Numerics.Tensors;

namespace ModelGen.Kernels;

/// <summary>The bias of a fully connected layer: added to every row, its gradient summed over rows.</summary>
public static class Bias
{
    /// <summary>y[r, c] += bias[c] for each of <paramref name="rows"/> rows of <paramref name="columns"/> values.</summary>
    public static void Add(Span<float> y, ReadOnlySpan<float> bias, int rows, int columns)
    {
        Check(y.Length, bias.Length, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            var row = y.Slice(r * columns, columns);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>gradient[c] = Σ_r dy[r, c]: each bias value touched every row.</summary>
    public static void Gradient(ReadOnlySpan<float> dy, Span<float> gradient, int rows, int columns)
    {
        Check(dy.Length, gradient.Length, rows, columns);
        gradient.Clear();
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(gradient, dy.Slice(r * columns, columns), gradient);
    }

    private static void Check(int matrixLength, int biasLength, int rows, int columns)
    {
        if (rows < 0 || columns < 0 || matrixLength < rows * columns)
            throw new ArgumentException($"A {rows}x{columns} matrix needs {rows * columns} values, but {matrixLength} were given.");
        if (biasLength != columns)
            throw new ArgumentException($"The bias has {biasLength} values but the rows have {columns}.");
    }
}
