using ModelGen.Generator.Layers;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emit
{
    /// <summary>The passes: Forward, Loss, Backward, TrainStep, and one method pair per step.</summary>
    internal sealed partial class NetworkEmitter
    {
        /// <summary>
        /// Whether Forward leaves keeping its input to the first step (which copies it while it
        /// reads it) instead of copying it in a pass of its own.
        /// </summary>
        private bool FirstStepCopiesInput => Trainable && _plan.Steps.Count > 0 && _plan.Steps[0].Host.Spec.CanCopyInput;

        private static bool UsesTrainingFlag(Step step) => step.Layers.Any(l => l.Spec.UsesTrainingFlag);

        /// <summary>The buffer a step reads: the network's input, or the step before it's output.</summary>
        private string InputOf(int stepIndex) => stepIndex == 0 ? "x" : _plan.Steps[stepIndex - 1].Output;

        /// <summary>" // and Relu2, MaxPool1" for a step that runs more than its host, else "".</summary>
        private static string Also(Step step) => step.Absorbed.Count == 0 ? "" : " // and " + string.Join(", ", step.Absorbed.Select(l => l.Name));

        private IDisposable Pass(string header) => Pass(() => _w.Block(header));

        /// <summary>
        /// A public entry point's body between BeginPass() and EndPass(): the buffers serve one
        /// pass at a time, and a second thread that enters while a pass runs gets a clear error
        /// instead of silently mixing both passes' numbers.
        /// </summary>
        private IDisposable Pass(Func<IDisposable> header)
        {
            var method = header();
            _w.Line("BeginPass();");
            var body = _w.Block("try");
            return new Closing(() =>
            {
                body.Dispose();
                using (_w.Block("finally")) _w.Line("EndPass();");
                method.Dispose();
            });
        }

        private sealed class Closing : IDisposable
        {
            private readonly Action _close;

            public Closing(Action close) => _close = close;

            public void Dispose() => _close();
        }

        private void WriteForwardPass()
        {
            _w.Line("/// <inheritdoc/>");
            using (Pass($"public {Span}<float> Forward({Span}<float> inputs, int count, bool training = false)"))
            {
                _w.Line("CheckInputs(inputs, count);");
                if (FirstStepCopiesInput)
                {
                    _w.Line($"// {_plan.Steps[0].Name} copies the input into _input (for Backward) as it reads it.");
                    _w.Line("_heldCount = count;");
                    _w.Line("return ForwardPass(inputs, count, training, _input);");
                }
                else if (Trainable)
                {
                    _w.Line("inputs.Slice(0, count * InputSize).CopyTo(_input);");
                    _w.Line("_heldCount = count;");
                    _w.Line("return ForwardPass(_input, count, training);");
                }
                else
                {
                    _w.Line("return ForwardPass(inputs, count, training);");
                }
            }
            _w.Line();
            _w.Line("/// <inheritdoc/>");
            using (Pass($"public {Span}<float> Infer({Span}<float> inputs, int count)"))
            {
                _w.Line("CheckInputs(inputs, count);");
                if (Trainable) _w.Line("_heldCount = 0; // nothing is kept, so Backward cannot follow");
                _w.Line($"return ForwardPass(inputs, count, training: false{(FirstStepCopiesInput ? ", default" : "")});");
            }
            _w.Line();
            _w.Line("/// <summary>Every step's forward pass, in order, on <paramref name=\"n\"/> samples of <paramref name=\"x\"/>.</summary>");
            if (FirstStepCopiesInput) _w.Line($"/// <param name=\"{StepContext.InputCopy}\">Where the first step copies <paramref name=\"x\"/> (empty: nowhere).</param>");
            string keep = FirstStepCopiesInput ? $", {WritableSpan}<float> {StepContext.InputCopy}" : "";
            using (_w.Block($"private {Span}<float> ForwardPass({Span}<float> x, int n, bool training{keep})"))
            {
                if (KeepsTrainingFlag) _w.Line("_trainingForward = training;");
                if (Trainable) _w.Line("_outputCount = n;");
                for (int i = 0; i < _plan.Steps.Count; i++)
                {
                    var step = _plan.Steps[i];
                    string flag = UsesTrainingFlag(step) ? ", training" : "";
                    string copy = i == 0 && FirstStepCopiesInput ? ", " + StepContext.InputCopy : "";
                    _w.Line($"{step.Name}Forward({InputOf(i)}, n{flag}{copy});{Also(step)}");
                }
                if (!_plan.Steps.Any(UsesTrainingFlag)) _w.Line("_ = training; // no layer behaves differently when training");
                _w.Line($"return {StepContext.Rows(LastStep.Output, "OutputSize")};");
            }
            _w.Line();
        }

        private void WriteTraining()
        {
            var loss = (LossLayer)Network.Loss!.Spec;
            string scores = $"{LastStep.Output}.AsSpan(0, count * OutputSize)";

            _w.Line("/// <inheritdoc/>");
            using (Pass($"public float Loss({Span}<int> labels, int count)"))
            {
                _w.Line("if (_outputCount == 0) throw new global::System.InvalidOperationException(\"Loss needs a preceding forward pass.\");");
                _w.Line("if (count != _outputCount)");
                Throw("ArgumentException", "$\"Loss got {count} samples but the last forward pass had {_outputCount}.\"", "nameof(count)");
                _w.Line("CheckLabels(labels, count);");
                _w.Line($"return {loss.Kernel}({scores}, labels.Slice(0, count), count, OutputSize);");
            }
            _w.Line();
            _w.Line("/// <inheritdoc/>");
            using (Pass($"public void Backward({Span}<int> labels, int count)"))
            {
                _w.Line("if (_heldCount == 0)");
                Throw("InvalidOperationException", "\"Backward needs a preceding call to Forward (Infer and TrainStep keep no input for it).\"");
                _w.Line("if (count != _heldCount)");
                Throw("ArgumentException", "$\"Backward got {count} samples but the last Forward had {_heldCount}.\"", "nameof(count)");
                _w.Line("CheckLabels(labels, count);");
                _w.Line("BackwardPass(_input, labels, count);");
            }
            _w.Line();
            _w.Line("/// <inheritdoc/>");
            using (Pass(() => _w.Block("public float TrainStep", new[] { $"{Span}<float> inputs", $"{Span}<int> labels", "int count", $"{Runtime}Optimizers.Optimizer optimizer" })))
            {
                _w.Line("CheckInputs(inputs, count);");
                _w.Line("CheckLabels(labels, count);");
                _w.Line("global::System.ArgumentNullException.ThrowIfNull(optimizer);");
                _w.Line("_heldCount = 0; // the input is not copied, so Backward cannot reuse it");
                _w.Line(FirstStepCopiesInput ? "ForwardPass(inputs, count, training: true, default);" : "ForwardPass(inputs, count, training: true);");
                _w.Line("// The reported loss includes weight decay's ½λ‖W‖², as the book's loss() does.");
                _w.Line("float loss = BackwardPass(inputs, labels, count) + optimizer.Penalty(_parameters);");
                _w.Line("optimizer.Update(_parameters);");
                _w.Line("return loss;");
            }
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line($"/// The loss ({loss.Kind}) and its gradient, then every step's backward pass in reverse order.");
            _w.Line("/// Returns the loss.");
            _w.Line("/// </summary>");
            using (_w.Block($"private float BackwardPass({Span}<float> x, {Span}<int> labels, int n)"))
            {
                _w.Call($"float loss = {loss.Kernel}Backward", new[]
                {
                    StepContext.Rows(LastStep.Output, "OutputSize"), "labels.Slice(0, n)", StepContext.Rows(LastStep.OutputGradient, "OutputSize"), "n", "OutputSize",
                });
                for (int i = _plan.Steps.Count - 1; i >= 0; i--)
                {
                    var step = _plan.Steps[i];
                    if (!step.HasBackward) continue;
                    string input = step.Host.Spec.BackwardReadsInput ? InputOf(i) + ", " : "";
                    _w.Line($"{step.Name}Backward({input}n);{Also(step)}");
                }
                _w.Line("return loss;");
            }
            _w.Line();
        }

        private void WriteStepMethods()
        {
            _w.Line("// ---- One forward and one backward method per step ----");
            for (int i = 0; i < _plan.Steps.Count; i++)
            {
                var step = _plan.Steps[i];
                var host = step.Host;
                string? inputGradient = step.NeedsInputGradient ? _plan.Steps[i - 1].OutputGradient : null;
                bool copiesInput = i == 0 && FirstStepCopiesInput;
                var context = new StepContext(step, inputGradient, Trainable, copiesInput);

                _w.Line();
                string inside = step.Absorbed.Count == 0 ? "" : $", then {string.Join(" and ", step.Absorbed.Select(l => l.Name))} inside it";
                _w.Line($"/// <summary>{step.Name} forward: {host.Spec.Declaration}{inside}, ({host.In}) -> ({step.Last.Out}) per sample.</summary>");
                string flag = UsesTrainingFlag(step) ? ", bool training" : "";
                string copy = copiesInput ? $", {WritableSpan}<float> {StepContext.InputCopy}" : "";
                using (_w.Block($"private void {step.Name}Forward({Span}<float> x, int n{flag}{copy})"))
                {
                    host.Spec.WriteForward(context, _w);
                }

                if (!Trainable || !step.HasBackward) continue;
                _w.Line();
                string summary = inputGradient is null
                    ? "the gradient of its input is not needed: no layer before it learns"
                    : $"writes the gradient of its input to {inputGradient}";
                _w.Line($"/// <summary>{step.Name} backward: {summary}.</summary>");
                string input = host.Spec.BackwardReadsInput ? $"{Span}<float> x, " : "";
                using (_w.Block($"private void {step.Name}Backward({input}int n)"))
                {
                    host.Spec.WriteBackward(context, _w);
                }
            }
        }
    }
}
