namespace ModelGen.Samples.Mnist.Book;

/// <summary>
/// Chapter 5.4, ch05/layer_naive.py: the multiplication node as a layer. Forward keeps its two
/// inputs, because the backward pass hands each one the upstream derivative times the other.
/// </summary>
internal sealed class MulLayer
{
    private double _x, _y;

    public double Forward(double x, double y)
    {
        _x = x;
        _y = y;
        return x * y;
    }

    /// <summary>∂out/∂x = y and ∂out/∂y = x: the inputs swapped, times <paramref name="dout"/>.</summary>
    public (double Dx, double Dy) Backward(double dout) => (dout * _y, dout * _x);
}

/// <summary>Chapter 5.4.2: the addition node as a layer. It needs nothing from the forward pass: its backward passes dout on unchanged.</summary>
internal sealed class AddLayer
{
    public double Forward(double x, double y) => x + y;

    public (double Dx, double Dy) Backward(double dout) => (dout * 1, dout * 1);
}
