using Microsoft.CodeAnalysis;
using ModelGen.Generator;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Generator;

/// <summary>
/// One test per diagnostic: its ID, that it is an error, and that it points at the exact
/// attribute (or identifier) that causes it; and that no class is generated for a bad network.
/// </summary>
public class DiagnosticTests
{
    private static Diagnostic Single(string source, string id, string expectedText)
    {
        var result = GeneratorHarness.Run("using ModelGen;\n" + source);
        var ours = result.GeneratorDiagnostics.Where(d => d.Id.StartsWith("MG", StringComparison.Ordinal)).ToList();
        var diagnostic = Assert.Single(ours);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expectedText, LocatedText(result, diagnostic));
        Assert.Contains($"docs/diagnostics.md#{id.ToLowerInvariant()}", diagnostic.Descriptor.Description.ToString(), StringComparison.Ordinal);
        Assert.Empty(result.Sources);
        return diagnostic;
    }

    /// <summary>
    /// The source text a diagnostic points at. The generator keeps locations as plain data
    /// (path and span), so they come back as file locations, resolved here against the input.
    /// </summary>
    private static string LocatedText(GeneratorHarness.Result result, Diagnostic diagnostic)
    {
        string path = diagnostic.Location.GetLineSpan().Path;
        var tree = result.OutputCompilation.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }

    [Fact]
    public void MG0001_class_not_partial()
    {
        var d = Single("[Network(Input = [4])][Dense(2), SoftmaxCrossEntropy] public class Net { }", "MG0001", "Net");
        Assert.Contains("'Net'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0002_generic_class() =>
        Single("[Network(Input = [4])][Dense(2), SoftmaxCrossEntropy] public partial class Net<T> { }", "MG0002", "Net");

    [Fact]
    public void MG0003_nested_in_generic_type()
    {
        var d = Single("public partial class Outer<T> { [Network(Input = [4])][Dense(2), SoftmaxCrossEntropy] public partial class Net { } }", "MG0003", "Net");
        Assert.Contains("Outer", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0004_containing_type_not_partial()
    {
        var d = Single("public class Outer { [Network(Input = [4])][Dense(2), SoftmaxCrossEntropy] public partial class Net { } }", "MG0004", "Net");
        Assert.Contains("Outer", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0005_no_input_shape() =>
        Single("[Network(Batch = 10)][Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0005", "Network(Batch = 10)");

    [Fact]
    public void MG0006_input_with_two_dimensions()
    {
        var d = Single("[Network(Input = [28, 28])][Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0006", "Network(Input = [28, 28])");
        Assert.Contains("2 dimensions", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0006_input_with_a_zero_dimension()
    {
        var d = Single("[Network(Input = [1, 0, 28])][Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0006", "Network(Input = [1, 0, 28])");
        Assert.Contains("[1, 0, 28]", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0007_batch_not_positive()
    {
        var d = Single("[Network(Input = [4], Batch = 0)][Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0007", "Network(Input = [4], Batch = 0)");
        Assert.Contains("Batch size 0", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0008_dense_with_zero_units()
    {
        var d = Single("[Network(Input = [4])][Relu, Dense(0), SoftmaxCrossEntropy] public partial class Net;", "MG0008", "Dense(0)");
        Assert.Equal("Layer 2 (Dense): units is 0; it must be between 1 and 1048576", d.GetMessage());
    }

    [Fact]
    public void MG0008_absurd_dense_width()
    {
        var d = Single("[Network(Input = [4])][Dense(100000000), SoftmaxCrossEntropy] public partial class Net;", "MG0008", "Dense(100000000)");
        Assert.Contains("units is 100000000", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0008_dropout_ratio_of_one() =>
        Single("[Network(Input = [4])][Dense(2), Dropout(1.0), SoftmaxCrossEntropy] public partial class Net;", "MG0008", "Dropout(1.0)");

    [Fact]
    public void MG0008_negative_std()
    {
        var d = Single("[Network(Input = [4])][Dense(2, Std = -1), SoftmaxCrossEntropy] public partial class Net;", "MG0008", "Dense(2, Std = -1)");
        Assert.Contains("Std is -1", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0008_batch_norm_momentum_of_one()
    {
        var d = Single("[Network(Input = [4])][Dense(2), BatchNorm(Momentum = 1), SoftmaxCrossEntropy] public partial class Net;", "MG0008", "BatchNorm(Momentum = 1)");
        Assert.Equal("Layer 2 (BatchNorm): Momentum is 1; it must be at least 0 and less than 1", d.GetMessage());
    }

    [Fact]
    public void MG0008_batch_norm_epsilon_of_zero() =>
        Single("[Network(Input = [1, 4, 4])][Conv(2, 3), BatchNorm(Epsilon = 0), Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0008", "BatchNorm(Epsilon = 0)");

    [Fact]
    public void MG0009_argument_of_the_wrong_kind()
    {
        var result = GeneratorHarness.Run("using ModelGen;\n[Network(Input = [4])][Dense(\"ten\"), SoftmaxCrossEntropy] public partial class Net;");
        var d = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "MG0009");
        Assert.Equal("Dense(\"ten\")", LocatedText(result, d));
        Assert.Contains("Dense(int units)", d.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void MG0010_no_layers() =>
        Single("[Network(Input = [4])] public partial class Net;", "MG0010", "Network(Input = [4])");

    [Fact]
    public void MG0010_only_a_loss() =>
        Single("[Network(Input = [4])][SoftmaxCrossEntropy] public partial class Net;", "MG0010", "Network(Input = [4])");

    [Fact]
    public void MG0011_no_loss() =>
        Single("[Network(Input = [4])][Dense(2), Relu] public partial class Net;", "MG0011", "Network(Input = [4])");

    [Fact]
    public void MG0012_layer_after_the_loss()
    {
        var d = Single("[Network(Input = [4])][Dense(2), SoftmaxCrossEntropy, Relu] public partial class Net;", "MG0012", "Relu");
        Assert.Equal("Layer 3 (Relu) comes after the loss, layer 2 (SoftmaxCrossEntropy); the loss must be the last layer", d.GetMessage());
    }

    [Fact]
    public void MG0013_step_in_a_trainable_network() =>
        Single("[Network(Input = [4])][Dense(2), Step, Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0013", "Step");

    [Fact]
    public void MG0014_layers_on_two_partial_declarations() =>
        Single("[Network(Input = [4])][Dense(2)] public partial class Net; [SoftmaxCrossEntropy] public partial class Net;", "MG0014", "SoftmaxCrossEntropy");

    [Fact]
    public void MG0015_buffer_too_large()
    {
        var d = Single("[Network(Input = [4], Batch = 65536)][Dense(1000000), SoftmaxCrossEntropy] public partial class Net;", "MG0015", "Dense(1000000)");
        Assert.Contains("65536000000", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0016_an_unexpected_exception_becomes_a_diagnostic()
    {
        ModelGenGenerator.BeforeInferForTesting = name => throw new InvalidOperationException("boom in " + name);
        try
        {
            var d = Single("[Network(Input = [4])][Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0016", "Network(Input = [4])");
            Assert.Contains("boom in Net", d.GetMessage(), StringComparison.Ordinal);
        }
        finally
        {
            ModelGenGenerator.BeforeInferForTesting = null;
        }
    }

    [Fact]
    public void MG0020_kernel_larger_than_padded_input()
    {
        var d = Single("[Network(Input = [1, 3, 3])][Conv(4, 5, Pad = 0), Relu, Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0020", "Conv(4, 5, Pad = 0)");
        Assert.Equal("Layer 1 (Conv): the 5x5 window is larger than its input 3x3 with padding 0 (3x3)", d.GetMessage());
    }

    [Fact]
    public void MG0021_pool_does_not_divide_its_input()
    {
        var d = Single("[Network(Input = [1, 5, 5])][MaxPool(2), Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0021", "MaxPool(2)");
        Assert.Contains("the output would be 2.5x2.5", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0021_stride_does_not_divide()
    {
        var d = Single("[Network(Input = [1, 28, 28])][Conv(8, 3, Stride = 2), Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0021", "Conv(8, 3, Stride = 2)");
        Assert.Contains("13.5x13.5", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0022_pool_output_would_be_empty()
    {
        var d = Single("[Network(Input = [1, 2, 2])][AvgPool(3), Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0022", "AvgPool(3)");
        Assert.Contains("0x0", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void MG0023_padding_not_smaller_than_kernel() =>
        Single("[Network(Input = [1, 8, 8])][Conv(4, 3, Pad = 3), Dense(2), SoftmaxCrossEntropy] public partial class Net;", "MG0023", "Conv(4, 3, Pad = 3)");

    [Fact]
    public void MG0024_convolution_after_flattening()
    {
        var d = Single("[Network(Input = [1, 8, 8])][Dense(64), Conv(4, 3), SoftmaxCrossEntropy] public partial class Net;", "MG0024", "Conv(4, 3)");
        Assert.Contains("flattened by layer 1 (Dense)", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Step_is_allowed_in_a_forward_only_network()
    {
        var result = GeneratorHarness.Run("using ModelGen;\n[Network(Input = [2], Trainable = false)][Dense(1), Step] public partial class Gate;");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Single(result.Sources);
        Assert.Empty(result.OutputCompilationErrors);
    }

    [Fact]
    public void Every_descriptor_is_tracked_in_the_release_files()
    {
        string root = RepositoryRoot.Path;
        string unshipped = File.ReadAllText(Path.Combine(root, "src", "ModelGen.Generator", "AnalyzerReleases.Unshipped.md"));
        var ids = typeof(ModelGenGenerator).Assembly.GetType("ModelGen.Generator.DiagnosticDescriptors")!
            .GetFields().Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id);
        string docs = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
        foreach (var id in ids)
        {
            Assert.Contains(id + " ", unshipped, StringComparison.Ordinal);
            // The heading is the anchor the descriptor's description points to (#mg0001).
            Assert.Contains("\n## " + id + "\n", docs.Replace("\r\n", "\n"), StringComparison.Ordinal);
        }
    }
}
