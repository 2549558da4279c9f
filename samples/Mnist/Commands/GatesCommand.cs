using System.CommandLine;
using Spectre.Console;

namespace ModelGen.Samples.Mnist.Commands;

/// <summary>
/// Chapter 2: logic gates from perceptrons with the book's hand-picked weights. AND, NAND and
/// OR are one perceptron each; XOR needs two layers (NAND and OR, then AND).
/// </summary>
internal static class GatesCommand
{
    private static readonly float[] Inputs = [0, 0, 1, 0, 0, 1, 1, 1];

    public static Command Create()
    {
        var command = new Command("gates", "Print AND, NAND, OR and XOR truth tables computed by perceptrons (chapter 2).");
        command.SetAction(_ => SampleConsole.Run(Run));
        return command;
    }

    public static float[] Gate(float w1, float w2, float bias)
    {
        var gate = new Perceptron();
        gate.W1[0] = w1;
        gate.W1[1] = w2;
        gate.b1[0] = bias;
        return gate.Forward(Inputs, 4).ToArray();
    }

    public static float[] Xor()
    {
        var xor = new TwoLayerPerceptron();
        // W1 is (2 inputs, 2 units): unit 0 is NAND, unit 1 is OR.
        xor.W1[0] = -0.5f; xor.W1[1] = 0.5f;
        xor.W1[2] = -0.5f; xor.W1[3] = 0.5f;
        xor.b1[0] = 0.7f; xor.b1[1] = -0.2f;
        // The second layer ANDs them.
        xor.W2[0] = 0.5f; xor.W2[1] = 0.5f;
        xor.b2[0] = -0.7f;
        return xor.Forward(Inputs, 4).ToArray();
    }

    private static int Run()
    {
        var gates = new (string Name, float[] Outputs)[]
        {
            ("AND", Gate(0.5f, 0.5f, -0.7f)),
            ("NAND", Gate(-0.5f, -0.5f, 0.7f)),
            ("OR", Gate(0.5f, 0.5f, -0.2f)),
            ("XOR", Xor()),
        };
        var table = new Table().AddColumns("x1", "x2").AddColumns(gates.Select(g => g.Name).ToArray());
        for (int row = 0; row < 4; row++)
        {
            var cells = new List<string> { $"{Inputs[2 * row]}", $"{Inputs[2 * row + 1]}" };
            cells.AddRange(gates.Select(g => $"{g.Outputs[row]}"));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
