using System.CommandLine;

namespace ModelGen.Samples;

/// <summary>
/// How both samples run a command line, with exit codes that mean something: 0 success, 1 a
/// user error with a message (a missing file, a bad value, a result that is not the book's),
/// 2 a usage error (an unknown command or option, a value of the wrong type).
/// </summary>
public static class SampleProgram
{
    public static int Run(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0) return parse.Invoke();
        foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
        Console.Error.WriteLine("Run with --help for the commands and their options.");
        return 2;
    }
}
