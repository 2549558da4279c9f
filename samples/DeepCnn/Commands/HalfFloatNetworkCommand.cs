using System.CommandLine;
using ModelGen.Data;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.DeepCnn.Commands;

/// <summary>
/// Chapter 8.3.4, the book's ch08/half_float_network.py: DeepConvNet's published weights and
/// the test images rounded to 16-bit floats lose no accuracy. As in NumPy, float16 here is
/// storage only: every value is rounded to <see cref="Half"/> and widened back, and the
/// arithmetic stays float32.
/// </summary>
internal static class HalfFloatNetworkCommand
{
    /// <summary>The book's DeepConvNet code on its float64 weights (the line half_float_network.py leaves commented out).</summary>
    private const double BookFloat64Accuracy = 0.9935;

    /// <summary>
    /// What half_float_network.py prints: the float16-rounded weights and inputs with NumPy's
    /// float64 arithmetic, measured with NumPy on the same weights file. The book's text gives no
    /// figure, only that the accuracy does not drop.
    /// </summary>
    private const double BookFloat16Accuracy = 0.9935;

    /// <summary>Half's smallest normal value, 2⁻¹⁴: below it float16 has fewer significant bits.</summary>
    private const float SmallestNormalHalf = 6.1035156e-5f;

    public static Command Create()
    {
        var weights = new Option<string?>("--weights") { Description = "DeepConvNet parameters (.npz, book layout). Default: the book's published weights." };
        var save = new Option<string?>("--save") { Description = "Also write the weights as float16 (.npz of '<f2' arrays, half the size of float32) to this file." };
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("half-float-network",
            "DeepConvNet's accuracy with weights and inputs rounded to float16 against float32, on all 10,000 test images (chapter 8.3.4, ch08/half_float_network.py).")
        { weights, save, data, json };
        command.SetAction(r => SampleConsole.Run(() => Run(r.GetValue(weights), r.GetValue(save), r.GetValue(data), r.GetValue(json))));
        return command;
    }

    private static int Run(string? weightsPath, string? savePath, string? dataDirectory, bool json)
    {
        weightsPath = Model.Deep.WeightsOrBook(weightsPath);
        var console = new SampleConsole(json);
        var test = console.LoadMnist(dataDirectory, flatten: false).Test;
        var network = new DeepConvNet();
        Serialization.ParameterFile.Load(network, weightsPath);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var float32 = Predict(console, network, test, "float32");
        double float32Seconds = stopwatch.Elapsed.TotalSeconds;

        // Half storage: the weights kept as System.Half, widened into the network to run.
        var halfWeights = Serialization.HalfWeights.From(network);
        long float32Bytes = network.Parameters.Sum(p => 4L * p.Size);
        stopwatch.Restart();
        halfWeights.CopyTo(network);
        double widenMilliseconds = stopwatch.Elapsed.TotalMilliseconds;
        long savedBytes = 0;
        if (savePath is not null)
        {
            halfWeights.Save(savePath);
            savedBytes = new FileInfo(savePath).Length;
            console.Out.MarkupLineInterpolated($"float16 weights written to {Path.GetFullPath(savePath)} ({savedBytes:N0} bytes, against {new FileInfo(weightsPath).Length:N0} for the published file)");
        }

        // The book's x_test.astype(np.float16) and param[...] = param.astype(np.float16).
        long rounded = 0, total = 0, subnormal = 0;
        double largestChange = 0;
        foreach (var parameter in network.Parameters)
        {
            var values = parameter.Value;
            for (int i = 0; i < values.Length; i++)
            {
                float half = (float)(Half)values[i];
                if (half != values[i]) rounded++;
                if (Math.Abs(values[i]) >= SmallestNormalHalf) largestChange = Math.Max(largestChange, Math.Abs((half - values[i]) / values[i]));
                else if (values[i] != 0) subnormal++;
                values[i] = half;
            }
            total += values.Length;
        }
        var halfInputs = new float[test.Inputs.Length];
        for (int i = 0; i < halfInputs.Length; i++) halfInputs[i] = (float)(Half)test.Inputs[i];
        var halfTest = new Dataset(halfInputs, test.Labels, test.SampleShape);
        stopwatch.Restart();
        var float16 = Predict(console, network, halfTest, "float16");
        double float16Seconds = stopwatch.Elapsed.TotalSeconds;

        int correct32 = Correct(float32, test.Labels), correct16 = Correct(float16, test.Labels);
        int differ = float32.Where((p, i) => p != float16[i]).Count();
        double accuracy32 = (double)correct32 / test.Count, accuracy16 = (double)correct16 / test.Count;
        console.Out.MarkupLineInterpolated($"rounding to float16 changed {rounded:N0} of {total:N0} parameter values, by at most {largestChange:P3} of the value; {subnormal:N0} values below {SmallestNormalHalf:G3} became float16 subnormals, with fewer bits");
        var table = new Table().AddColumns("weights and inputs", "right", "accuracy", "NumPy, float64 arithmetic, as the book");
        table.AddRow("float32", $"{correct32:N0}", $"{accuracy32:F4}", $"{BookFloat64Accuracy:F4} (float64 weights)");
        table.AddRow("float16, computed in float32", $"{correct16:N0}", $"{accuracy16:F4}", $"{BookFloat16Accuracy:F4} (float16 weights and inputs)");
        console.Out.Write(table);
        console.Out.MarkupLineInterpolated($"{differ} test images get a different answer; float16 {correct16 - correct32:+#;-#;±0} images against float32.");
        console.Out.MarkupLineInterpolated($"weights held as System.Half: {halfWeights.Bytes:N0} bytes against {float32Bytes:N0} as float32; widening them into the network took {widenMilliseconds:F2} ms; inference on 10,000 images {float16Seconds:F2} s against {float32Seconds:F2} s (the arithmetic is float32 in both)");
        if (json)
        {
            SampleConsole.WriteJsonLine(new
            {
                Weights = weightsPath,
                Float32Accuracy = accuracy32,
                Float16Accuracy = accuracy16,
                Float32Correct = correct32,
                Float16Correct = correct16,
                PredictionsDiffer = differ,
                ParameterValuesRounded = rounded,
                HalfWeightBytes = halfWeights.Bytes,
                Float32WeightBytes = float32Bytes,
                WidenMilliseconds = widenMilliseconds,
                Float32InferenceSeconds = float32Seconds,
                Float16InferenceSeconds = float16Seconds,
                SavedBytes = savedBytes,
                BookFloat64Accuracy,
                BookFloat16Accuracy,
            });
        }
        return 0;
    }

    private static int[] Predict(SampleConsole console, INetwork network, Dataset test, string what)
    {
        int[] predictions = [];
        console.Out.Status().Start($"{what}: inference on {test.Count:N0} test images...", _ => predictions = Evaluation.Predict(network, test));
        return predictions;
    }

    private static int Correct(int[] predictions, int[] labels) => predictions.Where((p, i) => p == labels[i]).Count();
}
