using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.CodeFixes;

/// <summary>
/// One of our code fixes under Roslyn's code-fix test: the source before, with the diagnostics
/// it expects marked (<c>{|MG0021:MaxPool(2)|}</c>), the source after the fix, and after it no
/// diagnostic at all: the generator runs again over the fixed source (through
/// <see cref="GeneratorDiagnosticAnalyzer"/>), and the compiler too.
/// </summary>
public sealed class CodeFixTest<TFix> : CSharpCodeFixTest<GeneratorDiagnosticAnalyzer, TFix, DefaultVerifier>
    where TFix : CodeFixProvider, new()
{
    public CodeFixTest(string before, string after)
    {
        // The test host's framework and the runtime, as the generator tests compile: a target
        // framework without packages, so nothing is downloaded.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        TestCode = before;
        FixedCode = after;
        // Those checks are of an analyzer's own handling of generated code and #pragma; the
        // analyzer here only relays the generator's diagnostics.
        TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck | TestBehaviors.SkipSuppressionCheck;
    }

    protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;
}
