using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator;

namespace ModelGen.Tests.Infrastructure;

/// <summary>
/// Runs the ModelGen generator over source text the way a build does: a compilation that
/// references the runtime, a generator driver, and the compilation of the output.
/// </summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // The test host's own framework assemblies, plus the runtime that holds the attributes.
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var paths = tpa.Split(Path.PathSeparator).Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll");
        return [.. paths.Select(p => MetadataReference.CreateFromFile(p)), MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location)];
    });

    /// <summary>What a user's project references: the framework and the runtime.</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public sealed record Result(
        ImmutableArray<Diagnostic> GeneratorDiagnostics,
        ImmutableArray<(string HintName, string Source)> Sources,
        ImmutableArray<Diagnostic> OutputCompilationErrors,
        GeneratorDriver Driver,
        Compilation OutputCompilation);

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "UserProject",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        s_references.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    public static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new ModelGenGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static Result Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var run = driver.GetRunResult();
        var generated = run.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToImmutableArray();
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return new Result(run.Diagnostics, generated, errors, driver, output);
    }
}
