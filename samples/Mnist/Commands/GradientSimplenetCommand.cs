using System.CommandLine;
using System.Globalization;
using ModelGen.Samples.Mnist.Book;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 4.4.2, ch04/gradient_simplenet.py: simpleNet, one 2x3 weight W and no bias, on
/// x = [0.6, 0.9] with label t = [0, 0, 1]; the numerical gradient dW of its loss (softmax and
/// cross-entropy, in double as NumPy). W is a seeded Gaussian draw as the book's
/// np.random.randn(2, 3), or with --book-w the W the book prints, which gives the book's numbers.
/// For this loss dW = xᵀ(softmax − t): each row of dW is one input times softmax minus label.
/// </summary>
/// <remarks>
/// The loss is the plain −log y_t. The book's cross_entropy_error adds 1e-7 inside the log, but
/// the numbers the book prints for this session were computed without it: with the printed W,
/// −log y_t gives the printed loss 0.928068537 and dW to all eight printed digits, while
/// −log(y_t + 1e-7) gives 0.928068286 and a dW smaller by a factor 1 − 2.5e-7.
/// </remarks>
internal static class GradientSimplenetCommand
{
    /// <summary>The W the book's session happened to draw, and what it printed for it.</summary>
    private static readonly double[] BookW = [0.47355232, 0.9977393, 0.84668094, 0.85557411, 0.03563661, 0.69422093];
    private static readonly double[] BookPredict = [1.05414809, 0.63071653, 1.1328074];
    private const double BookLoss = 0.92806853663411326;
    private static readonly double[] BookDw = [0.21924763, 0.14356247, -0.36281009, 0.32887144, 0.2153437, -0.54421514];

    private const int Inputs = 2, Classes = 3;
    private static readonly double[] X = [0.6, 0.9];
    private const int Label = 2;

    public static Command Create()
    {
        var bookW = new Option<bool>("--book-w") { Description = "Use the W the book prints instead of a seeded draw, to compare with the book's p, loss and dW." };
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var command = new Command("gradient-simplenet", "Chapter 4.4.2: simpleNet (W 2x3, x = [0.6, 0.9], t = [0, 0, 1]) and the numerical gradient dW of its loss.")
        {
            bookW, seed, json,
        };
        command.SetAction(result => SampleConsole.Run(() => Run(result.GetValue(bookW), result.GetValue(seed), result.GetValue(json))));
        return command;
    }

    /// <summary>predict: z = x · W, W laid out (2, 3) row by row.</summary>
    public static double[] Predict(double[] w)
    {
        var z = new double[Classes];
        for (int j = 0; j < Classes; j++)
        {
            for (int i = 0; i < Inputs; i++) z[j] += X[i] * w[i * Classes + j];
        }
        return z;
    }

    /// <summary>softmax with the book's shift by the maximum.</summary>
    public static double[] Softmax(double[] z)
    {
        double max = z.Max();
        double[] e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>loss: the cross-entropy −log y_t of the softmax of the prediction (see the remarks for the book's 1e-7).</summary>
    public static double Loss(double[] w) => -Math.Log(Softmax(Predict(w))[Label]);

    private static int Run(bool useBookW, int seed, bool json)
    {
        var console = new SampleConsole(json);
        double[] w;
        if (useBookW)
        {
            w = (double[])BookW.Clone();
        }
        else
        {
            var random = new Rng(seed);
            w = Enumerable.Range(0, Inputs * Classes).Select(_ => random.NextGaussian()).ToArray();
        }
        double[] p = Predict(w);
        double loss = Loss(w);
        double[] dW = NumericalGradient.Of(Loss, w);

        // The same gradient by calculus: ∂L/∂W_ij = x_i (y_j − t_j).
        double[] y = Softmax(p);
        double[] exact = new double[Inputs * Classes];
        for (int i = 0; i < Inputs; i++)
        {
            for (int j = 0; j < Classes; j++) exact[i * Classes + j] = X[i] * (y[j] - (j == Label ? 1 : 0));
        }
        double difference = dW.Zip(exact, (a, b) => Math.Abs(a - b)).Max();

        console.Out.WriteLine(useBookW ? "W (the book's):" : $"W (Gaussian, seed {seed}):");
        console.Out.WriteLine(Matrix(w));
        console.Out.WriteLine($"x = [0.6, 0.9], t = [0, 0, 1]");
        const string predictLine = "p = net.predict(x) = ", lossLine = "net.loss(x, t) = ";
        console.Out.WriteLine(predictLine + Row(p));
        if (useBookW) console.Out.WriteLine(BookLine.Under(predictLine, Row(BookPredict)));
        console.Out.WriteLine($"np.argmax(p) = {Array.IndexOf(p, p.Max())}");
        console.Out.WriteLine(lossLine + loss.ToString("R", CultureInfo.InvariantCulture));
        if (useBookW) console.Out.WriteLine(BookLine.Under(lossLine, BookLoss.ToString("R", CultureInfo.InvariantCulture)));
        console.Out.WriteLine($"dW (numerical, {NumPy.Shape(Inputs, Classes)}):");
        console.Out.WriteLine(Matrix(dW));
        if (useBookW)
        {
            console.Out.WriteLine("the book's dW:");
            console.Out.WriteLine(Matrix(BookDw));
        }
        console.Out.WriteLine($"x_i (softmax - t): largest difference from the numerical dW {difference:E1}");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                BookW = useBookW,
                Seed = seed,
                W = w,
                Shape = new[] { Inputs, Classes },
                Predict = p,
                Loss = loss,
                Dw = dW,
                Exact = exact,
                MaxDifference = difference,
                Book = useBookW ? new { Predict = BookPredict, Loss = BookLoss, Dw = BookDw } : null,
            });
        }
        return 0;
    }

    private static string Row(IEnumerable<double> values)
        => "[" + string.Join("  ", values.Select(v => v.ToString("0.00000000", CultureInfo.InvariantCulture).PadLeft(11))) + "]";

    private static string Matrix(double[] values)
        => "[" + Row(values.Take(Classes)) + "\n " + Row(values.Skip(Classes)) + "]";
}
