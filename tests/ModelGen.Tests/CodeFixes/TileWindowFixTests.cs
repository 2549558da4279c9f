using ModelGen.CodeFixes;

namespace ModelGen.Tests.CodeFixes;

/// <summary>
/// MG0021: each repair the generator offers, applied by the fix; the title says the output,
/// the other arguments stay as written, and the fixed network has no diagnostic left.
/// </summary>
public class TileWindowFixTests
{
    private static Task Verify(string before, string after, int index, string title) =>
        new CodeFixTest<TileWindowFix>(before, after)
        {
            CodeActionIndex = index,
            CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title),
        }.RunAsync();

    private static string Network(string input, string layer) => $$"""
        using ModelGen;
        [Network(Input = [{{input}}])]
        [{{layer}}, Relu, Dense(10), SoftmaxCrossEntropy]
        public partial class Net;
        """;

    [Fact]
    public Task Conv_the_smallest_padding_that_tiles() => Verify(
        Network("1, 28, 28", "{|MG0021:Conv(8, 3, Stride = 3)|}"),
        Network("1, 28, 28", "Conv(8, 3, Stride = 3, Pad = 1)"),
        0, "Use Pad = 1: output 10x10");

    [Fact]
    public Task Conv_stride_one() => Verify(
        Network("1, 28, 28", "{|MG0021:Conv(8, 3, Stride = 3)|}"),
        Network("1, 28, 28", "Conv(8, 3, Stride = 1)"),
        1, "Use Stride = 1: output 26x26");

    [Fact]
    public Task Conv_padding_replaced_where_written_and_other_arguments_kept() => Verify(
        Network("1, 28, 28", "{|MG0021:Conv(8, 3, Stride = 3, Pad = 0, Init = WeightInit.He)|}"),
        Network("1, 28, 28", "Conv(8, 3, Stride = 3, Pad = 1, Init = WeightInit.He)"),
        0, "Use Pad = 1: output 10x10");

    [Fact]
    public Task Pool_a_size_that_tiles() => Verify(
        Network("1, 27, 27", "{|MG0021:MaxPool(2)|}"),
        Network("1, 27, 27", "MaxPool(3)"),
        0, "Use MaxPool(3): output 9x9");

    [Fact]
    public Task Pool_a_stride_that_tiles() => Verify(
        Network("1, 27, 27", "{|MG0021:MaxPool(2)|}"),
        Network("1, 27, 27", "MaxPool(2, Stride = 1)"),
        1, "Use MaxPool(2, Stride = 1): output 26x26");

    [Fact]
    public Task Pool_a_written_stride_follows_the_new_size() => Verify(
        Network("1, 27, 27", "{|MG0021:AvgPool(2, Stride = 2)|}"),
        Network("1, 27, 27", "AvgPool(3, Stride = 3)"),
        0, "Use AvgPool(3): output 9x9");

    [Fact]
    public Task Pool_size_written_by_name() => Verify(
        Network("1, 27, 27", "{|MG0021:MaxPool(size: 2)|}"),
        Network("1, 27, 27", "MaxPool(size: 3)"),
        0, "Use MaxPool(3): output 9x9");

    [Fact]
    public Task Pool_a_size_that_tiles_height_and_width() => Verify(
        Network("1, 28, 21", "{|MG0021:MaxPool(2)|}"),
        Network("1, 28, 21", "MaxPool(7)"),
        0, "Use MaxPool(7): output 4x3");
}
