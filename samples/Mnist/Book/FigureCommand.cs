using System.CommandLine;

namespace ModelGen.Samples.Mnist.Book;

/// <summary>The commands that only draw a figure and print a few numbers: their options are --out and --json, nothing else.</summary>
internal static class FigureCommand
{
    /// <summary>A command that calls <paramref name="run"/> with the --out folder and a console set up for --json.</summary>
    public static Command Create(string name, string description, Func<string, SampleConsole, int> run)
    {
        var outFolder = Figures.Out();
        var json = CommonOptions.Json();
        var command = new Command(name, description) { outFolder, json };
        command.SetAction(result => SampleConsole.Run(() => run(result.GetValue(outFolder)!, new SampleConsole(result.GetValue(json)))));
        return command;
    }
}
