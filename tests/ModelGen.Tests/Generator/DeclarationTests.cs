using Microsoft.CodeAnalysis;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Generator;

/// <summary>
/// Declarations a careless or hostile user writes: each either works or draws an MG diagnostic
/// on the declaration, and none takes the other networks of the build down with it (CS8785).
/// </summary>
public class DeclarationTests
{
    private const string Layers = "[Network(Input = [4])][Dense(3), Relu, Dense(2), SoftmaxCrossEntropy]";

    /// <summary>An unrelated, valid network beside the case under test: it must always get its code.</summary>
    private const string Bystander = "namespace Bystanders { [Network(Input = [4])][Dense(2), SoftmaxCrossEntropy] public partial class Fine; }";

    private static GeneratorHarness.Result Run(params string[] sources)
    {
        var result = GeneratorHarness.Run([.. sources.Select(s => "using ModelGen;\n" + s), "using ModelGen;\n" + Bystander]);
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id is "CS8785" or "MG0016");
        Assert.Contains(result.Sources, s => s.HintName == "Bystanders.Fine.g.cs");
        return result;
    }

    private static void Works(params string[] sources)
    {
        var result = Run(sources);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.OutputCompilationErrors);
    }

    private static Diagnostic Refused(string id, string source)
    {
        var result = Run(source);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id.StartsWith("MG", StringComparison.Ordinal));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Single(result.Sources); // the bystander's
        return diagnostic;
    }

    [Fact]
    public void Two_classes_whose_names_differ_only_in_case_both_get_code()
    {
        var result = Run($"namespace N {{ {Layers} public partial class Net; {Layers} public partial class NET; }}");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.OutputCompilationErrors);
        var hints = result.Sources.Select(s => s.HintName).Where(h => h.StartsWith("N.", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, hints.Count);
        Assert.Equal(2, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_same_name_in_two_namespaces_and_nested_in_a_type_gets_separate_files() =>
        Works($"namespace A {{ {Layers} public partial class Net; }}",
              $"namespace B {{ {Layers} public partial class Net; public partial class Outer {{ {Layers} public partial class Net; }} }}");

    [Fact]
    public void Network_on_two_partial_declarations_is_reported_once_and_generated_once()
    {
        var result = Run($"{Layers} public partial class Net;", "[Network(Input = [4])] public partial class Net;");
        Assert.Contains(result.GeneratorDiagnostics, d => d.Id == "MG0019");
        Assert.Single(result.Sources, s => s.HintName == "Net.g.cs");
    }

    [Fact]
    public void A_file_class_in_two_files_draws_MG0017_in_each_and_breaks_nothing()
    {
        var result = Run($"{Layers} file partial class Net;", $"{Layers} file partial class Net;");
        Assert.Equal(2, result.GeneratorDiagnostics.Count(d => d.Id == "MG0017"));
        Assert.Contains("file", result.GeneratorDiagnostics.First(d => d.Id == "MG0017").GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public static partial class Net;", "static")]
    [InlineData("public partial record Net;", "record")]
    [InlineData("public partial record struct Net;", "record")]
    [InlineData("public partial class Net(int size) { public int Size => size; }", "primary constructor")]
    public void Declarations_the_generated_half_cannot_complete_draw_MG0017(string declaration, string named)
    {
        var result = Run(Layers + " " + declaration);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "MG0017");
        Assert.Contains(named, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Single(result.Sources);
    }

    [Theory]
    [InlineData("BatchSize")]
    [InlineData("Forward")]
    [InlineData("W1")]
    [InlineData("Parameters")]
    [InlineData("Dense1Forward")]
    public void A_class_named_like_a_generated_member_draws_MG0018(string name)
    {
        var diagnostic = Refused("MG0018", $"{Layers} public partial class {name};");
        Assert.Contains("own name", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public float[] W1 = [];", "W1")]
    [InlineData("public void Forward() { }", "Forward")]
    [InlineData("private int _heldCount;", "_heldCount")]
    [InlineData("public Net(int size) { }", "constructor")]
    public void A_member_that_collides_with_a_generated_one_draws_MG0018(string member, string named)
    {
        var diagnostic = Refused("MG0018", $"{Layers} public partial class Net {{ {member} }}");
        Assert.Contains(named, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Members_of_other_names_and_other_constructors_are_fine() =>
        Works($"{Layers} public partial class Net {{ public string Label => \"net\"; public Net(string name) : this(0) {{ }} }}");

    [Fact]
    public void A_class_named_with_a_keyword_gets_its_at_sign() =>
        Works($"namespace @namespace.@class {{ {Layers} public partial class @class; public partial class @struct {{ {Layers} public partial class @int; }} }}");
}
