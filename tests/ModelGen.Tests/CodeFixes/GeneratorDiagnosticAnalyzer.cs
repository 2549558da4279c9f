using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generator;

namespace ModelGen.Tests.CodeFixes;

/// <summary>
/// Shows Roslyn's code-fix test library the generator's diagnostics the way the IDE shows them
/// to its light bulb. The library can run generators itself (GetSourceGenerators), and it then
/// lists their diagnostics, but it offers fixes only for diagnostics whose
/// <c>Location.SourceTree</c> is one of the project's documents. ModelGen keeps its locations as
/// plain data and reports them with <c>Location.Create(path, span, lineSpan)</c>, an external-file
/// location without a tree, so that no syntax tree stays alive in the incremental pipeline. The
/// IDE attributes such a diagnostic to the document with that path (Roslyn's
/// GeneratorDiagnosticsPlaceholderAnalyzer, through IsReportedInDocument); this analyzer does the
/// same: it runs the real generator over the compilation and reports each of its diagnostics in
/// the tree of the same path, with its ID, message, severity and properties unchanged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorDiagnosticAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [.. typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => f.GetValue(null))
        .OfType<DiagnosticDescriptor>()];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // The generator runs once per compilation; each document then reports its own share.
            // Reported per document, not at the compilation's end, because the library (like the
            // IDE) fixes only diagnostics local to a document.
            var compilation = start.Compilation;
            var diagnostics = new Lazy<ImmutableArray<Diagnostic>>(() =>
                CSharpGeneratorDriver.Create(new ModelGenGenerator().AsSourceGenerator()).RunGenerators(compilation).GetRunResult().Diagnostics);
            start.RegisterSemanticModelAction(model => Report(model, diagnostics.Value));
        });
    }

    private static void Report(SemanticModelAnalysisContext context, ImmutableArray<Diagnostic> diagnostics)
    {
        var tree = context.SemanticModel.SyntaxTree;
        foreach (var diagnostic in diagnostics.Where(d => d.Location.GetLineSpan().Path == tree.FilePath))
        {
            var descriptor = diagnostic.Descriptor;
            context.ReportDiagnostic(Diagnostic.Create(
                descriptor.Id, descriptor.Category, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                diagnostic.Severity, descriptor.DefaultSeverity, descriptor.IsEnabledByDefault, diagnostic.WarningLevel,
                descriptor.Title, descriptor.Description, descriptor.HelpLinkUri, Location.Create(tree, diagnostic.Location.SourceSpan),
                additionalLocations: null, customTags: descriptor.CustomTags, properties: diagnostic.Properties));
        }
    }
}
