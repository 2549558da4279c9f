namespace ModelGen.Kernels;

/// <summary>
/// Which activation a kernel applies as it writes its output, so that the activation costs no
/// pass over memory of its own (see <see cref="Conv2D.Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, in ConvShape, int, FusedActivation)"/>).
/// Not a layer: the layers' activations are <see cref="Activations"/>.
/// </summary>
public enum FusedActivation
{
    /// <summary>The output is written as computed.</summary>
    None = 0,

    /// <summary>y = max(0, x), exactly as <see cref="Activations.Relu"/> computes it.</summary>
    Relu = 1,
}
