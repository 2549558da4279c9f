using System.Text.Json;
using ScottPlot;

namespace ModelGen.Samples.Benchmarks;

/// <summary>
/// The picture of an all-paths.sh run: one panel per instruction-set path, and in each, per
/// network, ModelGen's training and inference speed and ONNX Runtime's inference speed as
/// multiples of PyTorch's on the same path (its faster thread setting), medians over the
/// repetitions as all_paths_report.py takes them. A dashed line marks PyTorch (1x).
/// </summary>
internal static class SpeedChart
{
    private static readonly string[] PathOrder = ["avx512", "avx2", "portable", "scalar"];
    private static readonly (string Key, string Name)[] Models = [("two", "TwoLayerNet"), ("simple", "SimpleConvNet"), ("deep", "DeepConvNet")];

    private static readonly (string Label, Color Color)[] Series =
    [
        ("ModelGen training", Colors.C0),
        ("ModelGen inference", Colors.C1),
        ("ONNX Runtime inference (its widest ISA on every path)", Colors.C2),
    ];

    /// <summary>Reads the run in <paramref name="folder"/> and writes the chart to <paramref name="output"/>; returns the exit code.</summary>
    public static int Write(string folder, string output)
    {
        if (!Directory.Exists(folder))
        {
            Console.Error.WriteLine($"{folder}: no such folder (give the output folder of all-paths.sh).");
            return 2;
        }

        string[] paths = PathOrder.Where(p => File.Exists(Path.Combine(folder, $"{p}-peak.jsonl"))).ToArray();
        if (paths.Length == 0)
        {
            Console.Error.WriteLine($"{folder}: no <path>-peak.jsonl files, so no all-paths.sh run to chart.");
            return 2;
        }

        var plots = new List<Plot>();
        double top = 1;
        foreach (string path in paths)
        {
            var plot = new Plot();
            var ticks = new List<Tick>();
            for (int m = 0; m < Models.Length; m++)
            {
                var (key, name) = Models[m];
                string ours = Path.Combine(folder, $"{path}-{key}-ours.jsonl");
                if (!File.Exists(ours))
                {
                    continue;
                }

                var torch = Directory.GetFiles(folder, $"{path}-{key}-torch*.jsonl").Select(Read).ToArray();
                double torchTrain = torch.Max(t => Median(t, "train_images_per_second"));
                double torchInfer = torch.Max(t => Median(t, "infer_images_per_second"));
                var runs = Read(ours);
                double[] ratios =
                [
                    Median(runs, "train_images_per_second") / torchTrain,
                    Median(runs, "infer_images_per_second") / torchInfer,
                    Median(runs, "onnx_infer_images_per_second") / torchInfer,
                ];
                for (int s = 0; s < Series.Length; s++)
                {
                    if (double.IsNaN(ratios[s]))
                    {
                        continue;
                    }

                    double x = m * 4 + s;
                    plot.Add.Bar(new Bar { Position = x, Value = ratios[s], FillColor = Series[s].Color, LineWidth = 0, Label = $"{ratios[s]:0.0}x" });
                    top = Math.Max(top, ratios[s]);
                }

                ticks.Add(new Tick(m * 4 + 1, name));
                Console.WriteLine($"{path} {name}: training {ratios[0]:0.00}x, inference {ratios[1]:0.00}x, ONNX Runtime inference {(double.IsNaN(ratios[2]) ? "-" : ratios[2].ToString("0.00") + "x")} PyTorch's");
            }

            var one = plot.Add.HorizontalLine(1, 1.5f, Colors.Black, LinePattern.Dashed);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            plot.Title(path switch { "avx512" => "AVX-512", "avx2" => "AVX2", "portable" => "portable (128-bit Vector<T>)", _ => path });
            plot.YLabel("speed / PyTorch's (x)");
            foreach (var (label, color) in Series)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "PyTorch (1x)", LineColor = Colors.Black, LinePattern = LinePattern.Dashed, LineWidth = 1.5f });
            plot.Legend.Alignment = Alignment.UpperLeft;
            plots.Add(plot);
        }

        foreach (var plot in plots)
        {
            // Headroom above the tallest bar for the legend.
            plot.Axes.SetLimits(-1, Models.Length * 4 - 1, 0, top * 1.5);
        }

        string machine = File.Exists(Path.Combine(folder, "machine.json")) ? MachineTitle(Path.Combine(folder, "machine.json")) : "";
        string written = Figures.SaveGrid(plots, plots.Count, Path.GetDirectoryName(Path.GetFullPath(output))!, Path.GetFileName(output), 560, 420,
            $"Speed against PyTorch 1.13 on the same instruction set{machine}");
        Console.WriteLine($"chart: {written}");
        return 0;
    }

    private static List<JsonElement> Read(string file) =>
        File.ReadLines(file).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>The median of a field over the runs that have it; NaN when none does (ONNX Runtime skipped).</summary>
    private static double Median(List<JsonElement> runs, string field)
    {
        double[] values = runs
            .Where(r => r.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number)
            .Select(r => r.GetProperty(field).GetDouble())
            .Order()
            .ToArray();
        if (values.Length == 0)
        {
            return double.NaN;
        }

        int mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>", 2 threads, Intel(R) Xeon(R) Processor, 2026-12-01" from machine.json's first line.</summary>
    private static string MachineTitle(string file)
    {
        var first = JsonDocument.Parse(File.ReadLines(file).First()).RootElement;
        string cpu = first.TryGetProperty("cpu", out var c) ? c.GetString() ?? "" : "";
        string threads = first.TryGetProperty("threads", out var t) ? $"{t.GetInt32()} threads" : "";
        string date = first.TryGetProperty("date", out var d) ? (d.GetString() ?? "").Split('T')[0] : "";
        return ": " + string.Join(", ", new[] { cpu, threads, date }.Where(s => s.Length > 0));
    }
}
