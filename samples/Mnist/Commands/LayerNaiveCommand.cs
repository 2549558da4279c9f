using System.CommandLine;
using ModelGen.Samples.Mnist.Book;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 5.4, ch05/layer_naive.py: the book's script is only the two layer classes (MulLayer,
/// AddLayer; here Book/NaiveLayers.cs). This command shows what they compute: each node alone on
/// the book's example (figures 5-11 and 5-13), then both shopping examples that use them.
/// </summary>
internal static class LayerNaiveCommand
{
    public static Command Create() => Purchases.Command(
        "layer-naive",
        "Chapter 5.4: the naive multiply and add layers, forward and backward, on the book's examples: one node (figures 5-11, 5-13), then buy_apple and buy_apple_orange.",
        () => [Purchases.SingleNode(multiply: false), Purchases.SingleNode(multiply: true), Purchases.BuyApple(), Purchases.BuyAppleOrange()]);
}
