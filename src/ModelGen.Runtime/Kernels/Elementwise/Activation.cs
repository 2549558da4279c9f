namespace ModelGen.Kernels;

/// <summary>An activation a kernel applies in the pass that writes its output (see <see cref="Conv2D.Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, in ConvShape, int, Activation)"/>).</summary>
public enum Activation
{
    /// <summary>The output is written as computed.</summary>
    None = 0,

    /// <summary>y = max(0, x), exactly as <see cref="Activations.Relu"/> computes it.</summary>
    Relu = 1,
}
