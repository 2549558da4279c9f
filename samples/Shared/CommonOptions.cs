using System.CommandLine;

namespace ModelGen.Samples;

/// <summary>Options several commands share, so each reads the same way everywhere.</summary>
public static class CommonOptions
{
    public static Option<string?> Data() => new("--data")
    {
        Description = "Folder holding the four MNIST files (raw or .gz). Default: $MODELGEN_DATA, then ~/.cache/modelgen/mnist, then download.",
    };

    public static Option<bool> Fashion() => new("--fashion")
    {
        Description = "Use Fashion-MNIST instead of the digits: $MODELGEN_FASHION_DATA, or Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist).",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print a one-line JSON summary on stdout (progress goes to stderr).",
    };

    public static Option<int> Seed() => new("--seed")
    {
        Description = "Seed for weights and shuffling: the same seed gives the same run.",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>--seconds of the bench commands: seconds per timed round, 3 in both samples.</summary>
    public static Option<double> BenchSeconds() => new("--seconds")
    {
        Description = "Seconds per timed round (the best of three rounds is reported).",
        DefaultValueFactory = _ => 3.0,
    };

    /// <summary>--peak-gflops of the bench commands: a GEMM peak measured elsewhere on the same path, for the share of it.</summary>
    public static Option<double?> PeakGflops() => new("--peak-gflops")
    {
        Description = "This machine's float32 GEMM peak in GFLOP/s, measured on the same path (samples/Shared/benchmarks/sgemm_peak.py; all-paths.sh passes it), to print the share of it.",
    };

    /// <summary>"  (84% of the measured 266)" when a peak was given, else nothing.</summary>
    public static string ShareOfPeak(double gflops, double? peak) => peak is double p and > 0 ? $"  ({gflops / p:P0} of the measured {p:F0})" : "";

    public static Option<int?> Threads() => new("--threads")
    {
        Description = "Threads the kernels use (the same results with any count). Default: $MODELGEN_THREADS, else every core.",
    };

    /// <summary>Sets the kernels' thread count from --threads, when given.</summary>
    public static void ApplyThreads(int? threads)
    {
        if (threads is null) return;
        if (threads < 1) throw new ArgumentException($"--threads must be at least 1, not {threads}.");
        ModelGen.Kernels.KernelThreads.ThreadCount = threads.Value;
    }

    /// <summary>The book's weights: the repo's copy, else the shared folder beside the checkout.</summary>
    public static string BookWeights(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "book-weights", file);
            if (File.Exists(candidate)) return candidate;
        }
        return Path.Combine("samples", "book-weights", file);
    }
}
