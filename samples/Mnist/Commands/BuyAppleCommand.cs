using System.CommandLine;
using ModelGen.Samples.Mnist.Book;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>Chapter 5.4.1, ch05/buy_apple.py: 2 apples and tax through two MulLayers, forward and backward (figure 5-16).</summary>
internal static class BuyAppleCommand
{
    public static Command Create() => Purchases.Command(
        "buy-apple",
        "Chapter 5.4.1, figure 5-16: buying 2 apples with tax through MulLayers: price 220; dApple 2.2, dApple_num 110, dTax 200.",
        () => [Purchases.BuyApple()]);
}
