using System.Text.Json;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Samples;

/// <summary>The book's chapter 5 shopping examples through the naive multiply and add layers: the book's numbers exactly.</summary>
public sealed class Chapter5CommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-ch5-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private JsonElement[] Run(string command)
    {
        var summary = SampleRunner.Run("mnist", _folder, command, "--out", _folder);
        Assert.True(summary.GetProperty("same_as_book").GetBoolean());
        return [.. summary.GetProperty("examples").EnumerateArray()];
    }

    private static Dictionary<string, double> Values(JsonElement example)
        => example.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    [Fact]
    public void Buy_apple_prices_220_and_its_derivatives_are_the_books()
    {
        var example = Assert.Single(Run("buy-apple"));
        Assert.Equal(new Dictionary<string, double> { ["price"] = 220, ["dApple"] = 2.2, ["dApple_num"] = 110, ["dTax"] = 200 }, Values(example));
        PngFile.AssertWritten(example.GetProperty("figure"), _folder, "fig5-16-buy-apple.png");
    }

    [Fact]
    public void Buy_apple_orange_prices_715_and_its_derivatives_are_the_books()
    {
        var example = Assert.Single(Run("buy-apple-orange"));
        Assert.Equal(new Dictionary<string, double>
        {
            ["price"] = 715, ["dApple"] = 2.2, ["dApple_num"] = 110, ["dOrange"] = 3.3, ["dOrange_num"] = 165, ["dTax"] = 650,
        }, Values(example));
        PngFile.AssertWritten(example.GetProperty("figure"), _folder, "fig5-17-buy-apple-orange.png");
    }

    [Fact]
    public void Layer_naive_runs_each_node_alone_then_both_purchases()
    {
        var examples = Run("layer-naive");
        Assert.Equal(["AddLayer", "MulLayer", "buy_apple.py", "buy_apple_orange.py"], examples.Select(e => e.GetProperty("script").GetString()));
        Assert.Equal(new Dictionary<string, double> { ["z"] = 15, ["dx"] = 1.3, ["dy"] = 1.3 }, Values(examples[0]));
        Assert.Equal(new Dictionary<string, double> { ["z"] = 50, ["dx"] = 6.5, ["dy"] = 13 }, Values(examples[1]));
        PngFile.AssertWritten(examples[0].GetProperty("figure"), _folder, "fig5-11-layer-naive.png");
        PngFile.AssertWritten(examples[1].GetProperty("figure"), _folder, "fig5-13-layer-naive.png");
    }
}
