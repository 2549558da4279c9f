using ModelGen.Generator.Layers;

namespace ModelGen.Generator.Model
{
    /// <summary>
    /// Everything the parser read from one annotated class, as plain values. Equal specs mean
    /// equal generated code, which is what lets the incremental pipeline skip work.
    /// </summary>
    /// <param name="Layers">The layer attributes in source order, each its kind's own record.</param>
    internal sealed record NetworkSpec(
        string? Namespace,
        string ClassName,
        string Accessibility,
        EquatableArray<string> ContainingTypes,
        string FileHintName,
        EquatableArray<int> Input,
        int Batch,
        InitKind DefaultInit,
        bool Trainable,
        EquatableArray<LayerSpec> Layers,
        LocationInfo? Location,
        EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>Mirrors the runtime's <c>ModelGen.WeightInit</c> by value.</summary>
    internal enum InitKind
    {
        Default = 0,
        Gaussian = 1,
        Xavier = 2,
        He = 3,
        ForActivation = 4,
    }
}
