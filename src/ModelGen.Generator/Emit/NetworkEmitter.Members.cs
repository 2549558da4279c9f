namespace ModelGen.Generator.Emit
{
    /// <summary>Conveniences that delegate to the runtime, and the argument checks of the public entry points.</summary>
    internal sealed partial class NetworkEmitter
    {
        private void WriteConvenience()
        {
            const string Data = Runtime + "Data.Dataset";
            _w.Line("/// <summary>The predicted class (the largest output) of every sample in <paramref name=\"data\"/>.</summary>");
            _w.Line($"public int[] Predict({Data} data) => {Runtime}Training.Evaluation.Predict(this, data);");
            _w.Line();
            _w.Line("/// <summary>The share of samples in <paramref name=\"data\"/> whose predicted class is their label.</summary>");
            _w.Line($"public double Accuracy({Data} data) => {Runtime}Training.Evaluation.Accuracy(this, data);");
            _w.Line();
            _w.Line("/// <summary>Writes every parameter (under its book name) and every piece of state to a NumPy .npz file.</summary>");
            _w.Line($"public void Save(string path) => {Runtime}Serialization.ParameterFile.Save(this, path);");
            _w.Line();
            _w.Line("/// <summary>Reads every parameter, and the state the file holds, from a NumPy .npz file (float32 or float64, the book's layouts).</summary>");
            _w.Line($"public void Load(string path) => {Runtime}Serialization.ParameterFile.Load(this, path);");
            _w.Line();
            if (!Trainable) return;
            _w.Line("/// <summary>");
            _w.Line("/// The gradient of the loss with respect to <paramref name=\"parameter\"/> by central differences");
            _w.Line("/// (chapter 4): slow, for checking <see cref=\"Backward\"/>.");
            _w.Line("/// </summary>");
            _w.Call($"public float[] NumericalGradient", new[]
            {
                $"{Runtime}Parameter parameter", $"{Span}<float> inputs", $"{Span}<int> labels", "int count", "float step = 1e-2f",
            }, ")");
            _w.Line($"    => {Runtime}Training.GradientCheck.Numerical(this, parameter, inputs, labels, count, step);");
            _w.Line();
        }

        /// <summary>The statement under an <c>if</c>: throw a System exception with these arguments.</summary>
        private void Throw(string exception, params string[] arguments)
        {
            using (_w.Indented()) _w.Call($"throw new global::System.{exception}", arguments);
        }

        private void WriteChecks()
        {
            using (_w.Block("private void BeginPass()"))
            {
                _w.Line("if (global::System.Threading.Interlocked.Exchange(ref _passRunning, 1) != 0)");
                Throw("InvalidOperationException", $"\"{Spec.ClassName} is running a pass on another thread; give each thread a network of its own.\"");
            }
            _w.Line();
            _w.Line("private void EndPass() => global::System.Threading.Volatile.Write(ref _passRunning, 0);");
            _w.Line();
            using (_w.Block("private static void CheckCount(int count)"))
            {
                _w.Line("if ((uint)(count - 1) >= BatchSize)");
                Throw("ArgumentOutOfRangeException", "nameof(count)", "count", "$\"count must be between 1 and the batch size, {BatchSize}.\"");
            }
            _w.Line();
            using (_w.Block($"private static void CheckInputs({Span}<float> inputs, int count)"))
            {
                _w.Line("CheckCount(count);");
                _w.Line("if (inputs.Length < count * InputSize)");
                Throw("ArgumentException", "$\"{count} samples need {count * InputSize} input values, but {inputs.Length} were given.\"", "nameof(inputs)");
            }
            _w.Line();
            if (!Trainable) return;
            _w.Line("/// <summary>Labels for <paramref name=\"count\"/> samples, each a class the output can score; the count is checked already.</summary>");
            using (_w.Block($"private static void CheckLabels({Span}<int> labels, int count)"))
            {
                _w.Line("if (labels.Length < count)");
                Throw("ArgumentException", "$\"{count} samples need {count} labels, but {labels.Length} were given.\"", "nameof(labels)");
                using (_w.Block("for (int i = 0; i < count; i++)"))
                {
                    _w.Line("if ((uint)labels[i] >= OutputSize)");
                    Throw("ArgumentOutOfRangeException", "nameof(labels)", "labels[i]", "$\"Label {i} is {labels[i]}; labels must be between 0 and {OutputSize - 1}.\"");
                }
            }
            _w.Line();
        }
    }
}
