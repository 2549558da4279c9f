using System.CommandLine;

namespace ModelGen.Samples;

/// <summary>
/// `summary`: each network's generated <c>Summary()</c>: layers, shapes, parameters, forward and
/// training FLOPs, and the memory of every buffer, as a table or (--json) as data.
/// </summary>
public static class SummaryCommand
{
    public static Command Create(IReadOnlyDictionary<string, Func<NetworkSummary>> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var name = new Argument<string?>("network") { Description = $"One of {string.Join(", ", networks.Keys)}; all of them when left out.", Arity = ArgumentArity.ZeroOrOne };
        name.AcceptOnlyFromAmong([.. networks.Keys]);
        var json = CommonOptions.Json();
        var command = new Command("summary", "Print each network's layers, shapes, parameters, FLOPs and buffer memory, from its generated Summary().") { name, json };
        command.SetAction(r => SampleConsole.Run(() => Run(networks, r.GetValue(name), r.GetValue(json))));
        return command;
    }

    private static int Run(IReadOnlyDictionary<string, Func<NetworkSummary>> networks, string? name, bool json)
    {
        var chosen = name is null ? networks.Values.Select(f => f()).ToList() : [networks[name]()];
        if (json)
        {
            SampleConsole.WriteJsonLine(chosen.Select(s => new
            {
                s.Network,
                s.BatchSize,
                s.InputShape,
                s.Parameters,
                s.ForwardFlopsPerSample,
                s.TrainingFlopsPerSample,
                s.Bytes,
                s.Layers,
                s.Buffers,
            }));
            return 0;
        }
        foreach (var summary in chosen)
        {
            Console.WriteLine(summary);
            Console.WriteLine();
        }
        return 0;
    }
}
