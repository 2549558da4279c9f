using ModelGen.Generator.Layers;

namespace ModelGen.Generator.Model
{
    /// <summary>
    /// Everything the parser read from one annotated class, as plain values. Equal specs mean
    /// equal generated code, which is what lets the incremental pipeline skip work.
    /// </summary>
    /// <param name="Namespace">The namespace as C# writes it, keywords escaped (@class); null for the global one.</param>
    /// <param name="ClassName">The class's name as messages show it (class, not @class).</param>
    /// <param name="ContainingTypes">"partial class Outer" for each enclosing type, outermost first, keywords escaped.</param>
    /// <param name="Identity">What makes the class unique in the compilation, and where it is.</param>
    /// <param name="UserMembers">The names of the members the user declares in the class, to find collisions with generated ones.</param>
    /// <param name="Layers">The layer attributes in source order, each its kind's own record.</param>
    internal sealed record NetworkSpec(
        string? Namespace,
        string ClassName,
        string Accessibility,
        EquatableArray<string> ContainingTypes,
        NetworkIdentity Identity,
        EquatableArray<string> UserMembers,
        EquatableArray<int> Input,
        int Batch,
        InitKind DefaultInit,
        bool Trainable,
        EquatableArray<LayerSpec> Layers,
        LocationInfo? Location,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        /// <summary>The class's name as C# code writes it: keywords escaped (@class).</summary>
        public string ClassIdentifier => Identifiers.Escape(ClassName);
    }

    /// <summary>
    /// One annotated class declaration: its fully qualified name (which two declarations share
    /// only if they are the same class), the file name its code would get, and where it is
    /// declared, which orders true duplicates.
    /// </summary>
    internal sealed record NetworkIdentity(string FullName, string HintName, string FilePath, int Position, LocationInfo? Location);

    /// <summary>C# identifiers as generated code must spell them.</summary>
    internal static class Identifiers
    {
        /// <summary>A name that is a reserved keyword gets '@' (class -> @class); others are unchanged.</summary>
        public static string Escape(string name)
            => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsReservedKeyword(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name)) ? "@" + name : name;
    }

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
