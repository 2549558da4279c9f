using System.Globalization;
using System.Text;

namespace ModelGen.Tests.Fuzzing;

/// <summary>The counts of a fuzz run: files, loads, refusals by reason, the worst allocation, and every failure with its seed and mutation.</summary>
public sealed class FuzzTally(string what, int seed)
{
    // A refusal's reason, from its message: the first of these words it contains.
    private static readonly (string Word, string Reason)[] s_reasons =
    [
        ("checksum", "checksum"), ("CRC", "checksum"), ("damaged", "damaged"), ("not a valid .npz", "not a zip archive"),
        ("truncated", "truncated"), ("ends inside", "truncated"), ("shorter than", "truncated"), ("trailing", "extra bytes"),
        ("unexpected bytes", "extra bytes"), ("holds more than", "extra bytes"), ("shape", "shape"), ("dimension", "shape"),
        ("dtype", "dtype"), ("has no array", "missing array"), ("missing", "missing array"), ("not finite", "not finite"),
        ("state", "invalid state"), ("epoch", "invalid epoch"), ("step count", "invalid step count"), ("magic", "not the format"),
        ("not an", "not the format"), ("version", "version"), ("gzip", "gzip"), ("header", "header"), ("literal", "header"),
        ("element type", "element type"), ("appears twice", "duplicate array"),
    ];

    private readonly List<string> _failures = [];
    private readonly SortedDictionary<string, int> _reasons = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, double> _worstRatio = new(StringComparer.Ordinal);

    public int Files { get; private set; }

    public int Loads { get; private set; }

    public int Loaded { get; private set; }

    public int Refused { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public void CountFile() => Files++;

    public void CountLoad() => Loads++;

    public void CountLoaded() => Loaded++;

    public void CountRefused(string problem)
    {
        Refused++;
        string reason = s_reasons.FirstOrDefault(r => problem.Contains(r.Word, StringComparison.Ordinal)).Reason ?? "other";
        _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
    }

    public void Fail(string description) => _failures.Add(description);

    public void Allocated(double ratio, string loader) => _worstRatio[loader] = Math.Max(ratio, _worstRatio.GetValueOrDefault(loader));

    /// <summary>One line: what ran, how it ended, why files were refused, the worst allocation.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{what} fuzz, seed {seed}: {Files} mutated files, {Loads} loads: {Loaded} loaded, {Refused} refused ({Reasons}), {_failures.Count} failed; most allocated, as a multiple of the target: {WorstRatios}.");

    private string WorstRatios => string.Join(", ", _worstRatio.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value:F2}")));

    private string Reasons => string.Join(", ", _reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}"));

    /// <summary>The summary and the first failures, each with its case, seed and mutation.</summary>
    public string Report()
    {
        var report = new StringBuilder(Summary).AppendLine();
        foreach (string failure in _failures.Take(25)) report.AppendLine(failure);
        if (_failures.Count > 25) report.Append(CultureInfo.InvariantCulture, $"... and {_failures.Count - 25} more").AppendLine();
        return report.ToString();
    }
}
