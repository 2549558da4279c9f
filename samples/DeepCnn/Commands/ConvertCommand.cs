using System.CommandLine;
using ModelGen.Serialization;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// `convert`: a NumPy .npz of weights to a safetensors file and back, chosen by the two files'
/// extensions. It works on the file's named float arrays, whatever network they belong to, and
/// keeps each one's element type (the book's float64 weights stay F64, so a round trip gives
/// back the same bytes); a safetensors BF16 tensor, which NumPy lacks, becomes float32, exactly.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "The file to read: .npz or .safetensors." };
        var destination = new Argument<string>("destination") { Description = "The file to write, in the other format: .safetensors or .npz." };
        var json = CommonOptions.Json();
        var command = new Command("convert",
            "Convert weights between NumPy .npz and safetensors (chosen by the extensions), keeping names, shapes and element types: e.g. convert samples/book-weights/ch08_deep_convnet.npz runs/deep.safetensors.")
        { source, destination, json };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(source)!, r.GetValue(destination)!, r.GetValue(json))));
        return command;
    }

    private static int Run(string source, string destination, bool json)
    {
        string from = Path.GetExtension(source).ToLowerInvariant(), to = Path.GetExtension(destination).ToLowerInvariant();
        IReadOnlyList<ConvertedArray> arrays = (from, to) switch
        {
            (".npz", SafeTensors.Extension) => SafeTensors.FromNpz(source, destination),
            (SafeTensors.Extension, ".npz") => SafeTensors.ToNpz(source, destination),
            _ => throw new ArgumentException($"convert turns an .npz into a {SafeTensors.Extension} file or back, chosen by the extensions; '{source}' to '{destination}' is neither."),
        };
        IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>();
        if (from == SafeTensors.Extension)
        {
            using var reader = SafeTensorsReader.Open(source);
            metadata = reader.Metadata;
        }

        var console = new SampleConsole(json);
        var table = new Table().AddColumns("array", "shape", "from", "to");
        foreach (var array in arrays) table.AddRow(Markup.Escape(array.Name), string.Join("x", array.Shape), array.From, array.To);
        console.Out.Write(table);
        long sourceBytes = new FileInfo(source).Length, destinationBytes = new FileInfo(destination).Length;
        console.Out.MarkupLineInterpolated($"{arrays.Count} arrays, {arrays.Sum(a => a.Shape.Aggregate(1L, (n, d) => n * d)):N0} values: {source} ({sourceBytes:N0} bytes) -> {Path.GetFullPath(destination)} ({destinationBytes:N0} bytes)");
        if (metadata.Count > 0)
            console.Out.MarkupLineInterpolated($"[grey]the source's metadata, which an .npz has no place for, was left behind: {string.Join(", ", metadata.Select(m => $"{m.Key}={m.Value}"))}[/]");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Source = source,
                Destination = destination,
                SourceBytes = sourceBytes,
                DestinationBytes = destinationBytes,
                Arrays = arrays.Select(a => new { a.Name, a.Shape, a.From, a.To }),
                SourceMetadata = metadata,
            });
        }
        return 0;
    }
}
