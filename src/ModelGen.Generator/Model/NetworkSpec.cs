namespace ModelGen.Generator.Model
{
    /// <summary>
    /// Everything the parser read from one annotated class, as plain values. Equal specs mean
    /// equal generated code, which is what lets the incremental pipeline skip work.
    /// </summary>
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

    /// <summary>
    /// One layer attribute: its kind, position (1-based, in source order), location and
    /// arguments. Arguments a kind does not use keep their defaults.
    /// </summary>
    internal sealed record LayerSpec(
        LayerKind Kind,
        int Position,
        LocationInfo? Location,
        int Units = 0,
        int Filters = 0,
        int Size = 0,
        int Stride = 0,
        int Pad = 0,
        double Ratio = 0,
        InitKind Init = InitKind.Default,
        double Std = 0.01)
    {
        /// <summary>How diagnostics name the layer: "layer 3 (Dense)".</summary>
        public string Describe() => $"layer {Position} ({Kind})";
    }
}
