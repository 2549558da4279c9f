using System.CommandLine;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Book;

/// <summary>One number a chapter 5 script prints, ours and the book's.</summary>
internal sealed record PrintedValue(string Name, double Value, double Book);

/// <summary>A worked example of chapter 5: what its script prints, and its computational graph.</summary>
internal sealed record GraphExample(string Script, string Figure, string Caption, IReadOnlyList<PrintedValue> Values, ComputationalGraph Graph);

/// <summary>
/// The book's worked examples of chapter 5, computed with the naive layers (MulLayer, AddLayer)
/// forward, then backward from d(price) = 1 in the reverse order, as the book's scripts do.
/// </summary>
internal static class Purchases
{
    /// <summary>ch05/buy_apple.py, figure 5-16: 2 apples at 100 with 10% tax. The book: 220; 2.2, 110, 200.</summary>
    public static GraphExample BuyApple()
    {
        const double apple = 100, appleNum = 2, tax = 1.1;
        var mulApple = new MulLayer();
        var mulTax = new MulLayer();

        double applePrice = mulApple.Forward(apple, appleNum);
        double price = mulTax.Forward(applePrice, tax);

        const double dprice = 1;
        var (dapplePrice, dtax) = mulTax.Backward(dprice);
        var (dapple, dappleNum) = mulApple.Backward(dapplePrice);

        var graph = new ComputationalGraph()
            .Input("apple", 0, 2).Input("apple num", 0, 0.4).Input("tax", 3.6, 0.4)
            .Node("×1", "×", 3, 2).Node("×2", "×", 6.5, 2).Output("price", 9.5, 2)
            .Edge("apple", "×1", apple, dapple).Edge("apple num", "×1", appleNum, dappleNum)
            .Edge("×1", "×2", applePrice, dapplePrice).Edge("tax", "×2", tax, dtax)
            .Edge("×2", "price", price, dprice);
        return new GraphExample("buy_apple.py", "fig5-16-buy-apple.png", "Figure 5-16: buying 2 apples (forward above, backward below in red)",
        [
            new("price", price, 220), new("dApple", dapple, 2.2), new("dApple_num", dappleNum, 110), new("dTax", dtax, 200),
        ], graph);
    }

    /// <summary>ch05/buy_apple_orange.py, figure 5-17: 2 apples at 100 and 3 oranges at 150 with 10% tax. The book: 715; 110, 2.2, 3.3, 165, 650.</summary>
    public static GraphExample BuyAppleOrange()
    {
        const double apple = 100, appleNum = 2, orange = 150, orangeNum = 3, tax = 1.1;
        var mulApple = new MulLayer();
        var mulOrange = new MulLayer();
        var addAppleOrange = new AddLayer();
        var mulTax = new MulLayer();

        double applePrice = mulApple.Forward(apple, appleNum);
        double orangePrice = mulOrange.Forward(orange, orangeNum);
        double allPrice = addAppleOrange.Forward(applePrice, orangePrice);
        double price = mulTax.Forward(allPrice, tax);

        const double dprice = 1;
        var (dallPrice, dtax) = mulTax.Backward(dprice);
        var (dapplePrice, dorangePrice) = addAppleOrange.Backward(dallPrice);
        var (dorange, dorangeNum) = mulOrange.Backward(dorangePrice);
        var (dapple, dappleNum) = mulApple.Backward(dapplePrice);

        var graph = new ComputationalGraph()
            .Input("apple", 0, 5).Input("apple num", 0, 3.4).Input("orange", 0, 2).Input("orange num", 0, 0.4)
            .Input("tax", 7, 1.6)
            .Node("×apple", "×", 3, 5).Node("×orange", "×", 3, 2).Node("+", "+", 6, 3.5).Node("×tax", "×", 9.5, 3.5)
            .Output("price", 12.5, 3.5)
            .Edge("apple num", "×apple", appleNum, dappleNum).Edge("apple", "×apple", apple, dapple)
            .Edge("orange", "×orange", orange, dorange).Edge("orange num", "×orange", orangeNum, dorangeNum)
            .Edge("×apple", "+", applePrice, dapplePrice).Edge("×orange", "+", orangePrice, dorangePrice)
            .Edge("+", "×tax", allPrice, dallPrice).Edge("tax", "×tax", tax, dtax)
            .Edge("×tax", "price", price, dprice);
        return new GraphExample("buy_apple_orange.py", "fig5-17-buy-apple-orange.png", "Figure 5-17: buying 2 apples and 3 oranges (forward above, backward below in red)",
        [
            new("price", price, 715), new("dApple", dapple, 2.2), new("dApple_num", dappleNum, 110),
            new("dOrange", dorange, 3.3), new("dOrange_num", dorangeNum, 165), new("dTax", dtax, 650),
        ], graph);
    }

    /// <summary>
    /// Figures 5-11 and 5-13: one node on its own, 10 and 5 in and 1.3 coming back from upstream.
    /// Addition passes 1.3 to both inputs; multiplication passes 1.3 × 5 = 6.5 and 1.3 × 10 = 13.
    /// </summary>
    public static GraphExample SingleNode(bool multiply)
    {
        const double x = 10, y = 5, dout = 1.3;
        double z, dx, dy;
        if (multiply)
        {
            var layer = new MulLayer();
            z = layer.Forward(x, y);
            (dx, dy) = layer.Backward(dout);
        }
        else
        {
            var layer = new AddLayer();
            z = layer.Forward(x, y);
            (dx, dy) = layer.Backward(dout);
        }
        string op = multiply ? "×" : "+";
        var graph = new ComputationalGraph()
            .Input("x", 0, 2).Input("y", 0, 0).Node(op, op, 3, 1).Output("z", 6, 1)
            .Edge("x", op, x, dx).Edge("y", op, y, dy).Edge(op, "z", z, dout);
        return multiply
            ? new GraphExample("MulLayer", "fig5-13-layer-naive.png", "Figure 5-13: 10 × 5 = 50, with 1.3 coming back",
                [new("z", z, 50), new("dx", dx, 6.5), new("dy", dy, 13)], graph)
            : new GraphExample("AddLayer", "fig5-11-layer-naive.png", "Figure 5-11: 10 + 5 = 15, with 1.3 coming back",
                [new("z", z, 15), new("dx", dx, 1.3), new("dy", dy, 1.3)], graph);
    }

    /// <summary>A command that prints <paramref name="examples"/> as their scripts do, with the book's numbers, and draws their graphs.</summary>
    public static Command Command(string name, string description, Func<GraphExample[]> examples)
        => FigureCommand.Create(name, description, (folder, console) => Run(examples(), folder, console));

    private static int Run(GraphExample[] examples, string folder, SampleConsole console)
    {
        var summary = new List<object>();
        bool allSame = true;
        foreach (var example in examples)
        {
            console.Out.WriteLine($"{example.Script}:");
            foreach (var value in example.Values)
            {
                bool same = Math.Round(value.Value, 10) == value.Book;
                allSame &= same;
                console.Out.WriteLine($"  {value.Name + ":",-13}{ComputationalGraph.Format(value.Value),-6} the book: {ComputationalGraph.Format(value.Book)}{(same ? "" : "  DIFFERENT")}");
            }
            var (width, height) = example.Graph.PixelSize();
            string path = Figures.Save(example.Graph.Draw(example.Caption), folder, example.Figure, width, height);
            console.Out.WriteLine($"  figure: {path}");
            summary.Add(new
            {
                example.Script,
                Figure = path,
                Values = example.Values.ToDictionary(v => v.Name, v => Math.Round(v.Value, 10)),
                Book = example.Values.ToDictionary(v => v.Name, v => v.Book),
            });
        }
        if (console.Json) SampleConsole.WriteJsonLine(new { SameAsBook = allSame, Examples = summary });
        return allSame ? 0 : 1; // 2 is for usage errors
    }
}
