using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emit
{
    /// <summary>
    /// What a layer kind needs to write the body of a step's forward or backward method: the
    /// step, the buffers around it, and the spans of <c>n</c> samples it passes to kernels.
    /// Inside both methods, <c>x</c> is the step's input and <c>n</c> the number of samples.
    /// </summary>
    internal sealed class StepContext
    {
        /// <summary>The alias of the runtime's kernels namespace, declared at the top of the file.</summary>
        public const string Kernels = "Kernels::";

        /// <summary>The forward method's parameter a step that copies its input copies it into (empty: no copy wanted).</summary>
        public const string InputCopy = "keep";

        public StepContext(Step step, string? inputGradientBuffer, bool trainable, bool copiesInput = false)
        {
            Step = step;
            InputGradientBuffer = inputGradientBuffer;
            Trainable = trainable;
            CopiesInput = copiesInput;
        }

        /// <summary>
        /// Whether the forward method takes <see cref="InputCopy"/>: the first step of a trainable
        /// network whose kind can copy its input keeps the caller's input for Backward itself.
        /// </summary>
        public bool CopiesInput { get; }

        public Step Step { get; }

        /// <summary>The step's host layer, whose kind writes the bodies.</summary>
        public LayerPlan Layer => Step.Host;

        /// <summary>Whether training code exists (argmax buffers, gradients).</summary>
        public bool Trainable { get; }

        /// <summary>Where the backward method writes the gradient of its input; null when it is not needed.</summary>
        public string? InputGradientBuffer { get; }

        /// <summary>The first <c>n</c> samples of <c>x</c>.</summary>
        public string Input => $"x.Slice(0, n * {Step.InputSize})";

        /// <summary>The first <c>n</c> samples of the step's output buffer.</summary>
        public string Output => Rows(Step.Output, Step.OutputSize);

        /// <summary>The first <c>n</c> samples of the step's output gradient.</summary>
        public string OutputGradient => Rows(Step.OutputGradient, Step.OutputSize);

        /// <summary>The first <c>n</c> samples of the input gradient, or <c>default</c> (an empty span: not wanted).</summary>
        public string InputGradient => InputGradientBuffer is null ? "default" : Rows(InputGradientBuffer, Step.InputSize);

        /// <summary>The first <c>n</c> samples of a batch-sized buffer of <paramref name="sampleSize"/> values each.</summary>
        public static string Rows(string buffer, string sampleSize) => $"{buffer}.AsSpan(0, n * {sampleSize})";
    }
}
