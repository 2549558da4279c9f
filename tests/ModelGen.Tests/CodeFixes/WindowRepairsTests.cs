using System.Text.RegularExpressions;
using ModelGen.Generator;
using ModelGen.Generator.Model;
using ModelGen.Generator.Shapes;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.CodeFixes;

/// <summary>
/// The repairs MG0021 carries: which are offered, that every one truly tiles height and width
/// with the output its title gives, and that diagnostics carrying them still compare by value.
/// </summary>
public partial class WindowRepairsTests
{
    private static List<string> Titles(string input, string layer)
    {
        var result = GeneratorHarness.Run($$"""
            using ModelGen;
            [Network(Input = [{{input}}])]
            [{{layer}}, Dense(10), SoftmaxCrossEntropy]
            public partial class Net;
            """);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MG0021", diagnostic.Id);
        return RepairProperties.Read(diagnostic.Properties).Select(r => r.Title).ToList();
    }

    [Fact]
    public void Offered_repairs()
    {
        Assert.Equal(["Use Pad = 1: output 10x10", "Use Stride = 1: output 26x26"], Titles("1, 28, 28", "Conv(8, 3, Stride = 3)"));
        // (28 + 2p - 3) is odd for every p, so no padding tiles with stride 2.
        Assert.Equal(["Use Stride = 1: output 26x26"], Titles("1, 28, 28", "Conv(8, 3, Stride = 2)"));
        Assert.Equal(["Use MaxPool(3): output 9x9", "Use MaxPool(2, Stride = 1): output 26x26"], Titles("1, 27, 27", "MaxPool(2)"));
        // The nearest sizes below and above, then the largest smaller stride.
        Assert.Equal(["Use AvgPool(3): output 10x10", "Use AvgPool(5): output 6x6", "Use AvgPool(4, Stride = 2): output 14x14"], Titles("1, 30, 30", "AvgPool(4)"));
        // A stride that does not follow the size stays as written while the size changes.
        Assert.Equal(["Use MaxPool(2, Stride = 2): output 5x5", "Use MaxPool(4, Stride = 2): output 4x4", "Use MaxPool(3, Stride = 1): output 8x8"], Titles("1, 10, 10", "MaxPool(3, Stride = 2)"));
    }

    [Fact]
    public void Every_repair_tiles_height_and_width_with_the_output_its_title_gives()
    {
        int checkedRepairs = 0;
        for (int h = 1; h <= 14; h++)
        for (int w = 1; w <= 14; w++)
        for (int size = 1; size <= 5; size++)
        for (int stride = 1; stride <= 4; stride++)
        {
            var input = FeatureShape.Map(1, h, w);
            for (int pad = 0; pad < size; pad++)
            {
                if (Output(input, size, stride, pad) is not null || h + 2 * pad < size || w + 2 * pad < size) continue;
                var repairs = WindowRepairs.Conv(input, size, stride, pad).ToList();
                Assert.NotEmpty(repairs); // stride 1 always tiles once the kernel fits
                foreach (var (title, edits) in repairs)
                {
                    int p = Edit(edits, "Pad") ?? pad, s = Edit(edits, "Stride") ?? stride;
                    Assert.True(p < size, title);
                    Assert.Equal(TitleOutput(title), Output(input, size, s, p));
                    checkedRepairs++;
                }
            }
            if (Output(input, size, stride, 0) is not null || size > h || size > w) continue;
            foreach (var (title, edits) in WindowRepairs.Pool("MaxPool", input, size, stride))
            {
                // A stride equal to the size follows it, as an unwritten one does.
                int k = Edit(edits, "size") ?? size;
                int s = Edit(edits, "Stride") ?? (stride == size ? k : stride);
                Assert.Equal(TitleOutput(title), Output(input, k, s, 0));
                checkedRepairs++;
            }
        }
        Assert.True(checkedRepairs > 1000, $"only {checkedRepairs} repairs checked");
    }

    [Fact]
    public void Inference_results_carrying_repairs_compare_by_value()
    {
        const string source = """
            using ModelGen;
            [Network(Input = [1, 27, 27])]
            [MaxPool(2), Dense(10), SoftmaxCrossEntropy]
            public partial class Net;
            """;
        object Infer() => GeneratorHarness.Run(source).Driver.GetRunResult().Results.Single()
            .TrackedSteps[ModelGenGenerator.TrackingNames.Infer].Single().Outputs.Single().Value;
        var first = (ModelGenGenerator.InferenceResult)Infer();
        Assert.NotEmpty(Assert.Single(first.Diagnostics).Properties);
        Assert.Equal(first, Infer());
    }

    private static int? Edit(IReadOnlyList<ArgumentEdit> edits, string name) => edits.FirstOrDefault(e => e.Name == name)?.Value;

    private static string? Output(FeatureShape input, int size, int stride, int pad)
    {
        int spanH = input.Height + 2 * pad - size, spanW = input.Width + 2 * pad - size;
        return spanH < 0 || spanW < 0 || spanH % stride != 0 || spanW % stride != 0 ? null : $"{spanH / stride + 1}x{spanW / stride + 1}";
    }

    private static string TitleOutput(string title) => OutputInTitle().Match(title).Groups[1].Value;

    [GeneratedRegex(@": output (\d+x\d+)$")]
    private static partial Regex OutputInTitle();
}
