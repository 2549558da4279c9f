using System.CommandLine;
using ModelGen.Samples.Mnist.Book;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>Chapter 5.4.2, ch05/buy_apple_orange.py: 2 apples, 3 oranges and tax through MulLayers and an AddLayer (figure 5-17).</summary>
internal static class BuyAppleOrangeCommand
{
    public static Command Create() => Purchases.Command(
        "buy-apple-orange",
        "Chapter 5.4.2, figure 5-17: buying 2 apples and 3 oranges with tax: price 715; dApple_num 110, dApple 2.2, dOrange 3.3, dOrange_num 165, dTax 650.",
        () => [Purchases.BuyAppleOrange()]);
}
