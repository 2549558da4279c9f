using Microsoft.CodeAnalysis;
using ModelGen.CodeFixes;
using ModelGen.Generator;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.CodeFixes;

/// <summary>What joins the fixes to the generator: the IDs they fix, and where the generator's diagnostics point.</summary>
public class CodeFixWiringTests
{
    [Fact]
    public void Each_fix_names_the_generator_diagnostic_it_repairs()
    {
        Assert.Equal<string>([DiagnosticDescriptors.ClassNotPartial.Id, DiagnosticDescriptors.ContainingTypeNotPartial.Id], new AddPartialFix().FixableDiagnosticIds);
        Assert.Equal<string>([DiagnosticDescriptors.MissingLoss.Id], new AddLossFix().FixableDiagnosticIds);
        Assert.Equal<string>([DiagnosticDescriptors.StepInTrainable.Id], new ReplaceStepFix().FixableDiagnosticIds);
        Assert.Equal<string>([DiagnosticDescriptors.StrideDoesNotDivide.Id], new TileWindowFix().FixableDiagnosticIds);
    }

    /// <summary>
    /// The generator keeps locations as data, so its diagnostics come as external-file locations
    /// naming the document's path, without a syntax tree: the IDE, and GeneratorDiagnosticAnalyzer
    /// for the tests, find the document by that path.
    /// </summary>
    [Fact]
    public void Generator_diagnostics_name_the_document_by_path()
    {
        var result = GeneratorHarness.Run("using ModelGen;\n[Network(Input = [4])][Dense(2), SoftmaxCrossEntropy] public class Net { }");
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(LocationKind.ExternalFile, diagnostic.Location.Kind);
        Assert.Null(diagnostic.Location.SourceTree);
        Assert.Equal(result.OutputCompilation.SyntaxTrees.First().FilePath, diagnostic.Location.GetLineSpan().Path);
    }
}
