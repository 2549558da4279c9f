namespace ModelGen.Generator.Layers
{
    /// <summary>
    /// One layer attribute, and the kind of layer it declares. Each kind is one record that
    /// derives from this: its fields are the attribute's arguments (so specs compare by value and
    /// the incremental cache works), and its methods are everything the generator knows about the
    /// kind: its output shape and checks, its parameters and state, its FLOPs, which layers it
    /// runs inside itself, its buffers, the code of its forward and backward passes, and its
    /// ONNX node(s). The pipeline calls these methods; it has no switch over kinds anywhere.
    /// </summary>
    /// <param name="Position">1-based, in source order.</param>
    /// <param name="Location">The attribute in source, where its diagnostics point.</param>
    internal abstract record LayerSpec(int Position, LocationInfo? Location)
    {
        /// <summary>The attribute's name as users write it: Dense, Relu, Conv, ...</summary>
        public abstract string Kind { get; }

        /// <summary>The layer with every argument, for comments: "Conv(16, 3, Stride = 1, Pad = 1)".</summary>
        public virtual string Declaration => Kind;

        /// <summary>How diagnostics name the layer: "layer 3 (Dense)".</summary>
        public string Describe() => $"layer {Position} ({Kind})";

        /// <summary>The same, starting a sentence: "Layer 3 (Dense)".</summary>
        public string Title => $"Layer {Position} ({Kind})";

        /// <summary>True for the output-and-loss layers, which must come last.</summary>
        public virtual bool IsLoss => false;

        /// <summary>False for layers without a useful gradient (Step), allowed only in forward-only networks.</summary>
        public virtual bool CanTrain => true;

        /// <summary>The activation function this layer applies (Relu, Sigmoid, ...), or null.</summary>
        public virtual string? Activation => null;

        /// <summary>Whether the layer has weights, which end the search for the activation a weight feeds.</summary>
        public virtual bool HasWeights => false;

        // ---- Shape inference -------------------------------------------------------------

        /// <summary>
        /// The shape of one sample's output for an input of shape <paramref name="input"/>, or
        /// null after reporting (through <paramref name="context"/>) why there is none.
        /// </summary>
        public abstract FeatureShape? OutputShape(FeatureShape input, InferenceContext context);

        /// <summary>
        /// The learnable tensors, in the book's order and names. Called once per layer, in
        /// layer order, after <see cref="OutputShape"/> succeeded; may report bad arguments.
        /// </summary>
        public virtual EquatableArray<ParameterPlan> Parameters(string name, FeatureShape input, FeatureShape output, InferenceContext context)
            => EquatableArray<ParameterPlan>.Empty;

        /// <summary>The non-learnable tensors (saved with the parameters, never optimised).</summary>
        public virtual EquatableArray<StatePlan> State(string name, EquatableArray<ParameterPlan> parameters, FeatureShape output)
            => EquatableArray<StatePlan>.Empty;

        /// <summary>Floating-point operations of one sample's forward pass; a multiply-add counts two.</summary>
        public virtual long ForwardFlops(FeatureShape input, FeatureShape output) => output.Size;

        // ---- Fusion ----------------------------------------------------------------------

        /// <summary>
        /// Whether this layer, as the host of a step that already runs <paramref name="absorbed"/>,
        /// also runs <paramref name="next"/> inside its own forward and backward methods.
        /// </summary>
        public virtual bool CanAbsorb(IReadOnlyList<LayerPlan> absorbed, LayerPlan next) => false;

        // ---- Emission --------------------------------------------------------------------

        /// <summary>Whether the forward method takes the <c>training</c> flag (Dropout, Batch Normalization).</summary>
        public virtual bool UsesTrainingFlag => false;

        /// <summary>Whether the layer draws from the network's random generator while training.</summary>
        public virtual bool UsesRandom => false;

        /// <summary>Whether the backward method reads the layer's input <c>x</c> (weight gradients do).</summary>
        public virtual bool BackwardReadsInput => false;

        /// <summary>
        /// Whether its forward can copy its input somewhere while it reads it. The network's first
        /// step keeps the caller's input for Backward this way, instead of a pass of its own.
        /// </summary>
        public virtual bool CanCopyInput => false;

        /// <summary>
        /// Whether the backward method needs to know if the last forward pass was in training mode
        /// (Batch Normalization differentiates batch statistics or running ones). The network then
        /// keeps that flag in <c>_trainingForward</c>.
        /// </summary>
        public virtual bool BackwardReadsTrainingFlag => false;

        /// <summary>Constants beyond the input and output sizes every layer has (shapes, ratios).</summary>
        public virtual void WriteConstants(LayerPlan layer, CodeWriter w)
        {
        }

        /// <summary>Buffers of the layer's own beyond its output and gradient (masks, argmax indices).</summary>
        public virtual IEnumerable<BufferPlan> Buffers(LayerPlan layer, bool trainable) => Array.Empty<BufferPlan>();

        /// <summary>
        /// An expression for the scratch floats the layer's kernels need for a whole batch, or
        /// null. One workspace, as large as the largest, serves every layer: they run one at a time.
        /// </summary>
        public virtual string? WorkspaceSize(LayerPlan layer) => null;

        /// <summary>The body of the step's forward method: reads <c>x</c>, writes the step's output.</summary>
        public virtual void WriteForward(StepContext step, CodeWriter w)
            => throw new InvalidOperationException($"{Kind} has no forward pass of its own.");

        /// <summary>
        /// The body of the step's backward method: reads the step's output gradient (and <c>x</c>
        /// where <see cref="BackwardReadsInput"/>), writes parameter gradients and the input gradient.
        /// </summary>
        public virtual void WriteBackward(StepContext step, CodeWriter w)
            => throw new InvalidOperationException($"{Kind} has no backward pass.");

        // ---- ONNX export -----------------------------------------------------------------

        /// <summary>
        /// The statements of the generated ExportOnnx that add the layer's inference-mode node(s)
        /// to the ONNX graph: they read the tensor <c>x</c> names and leave <c>x</c> naming the
        /// layer's output (see <see cref="OnnxContext"/>). Every kind says what it is in ONNX.
        /// </summary>
        public abstract void WriteOnnx(OnnxContext onnx, CodeWriter w);

        protected static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        protected static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A buffer a layer owns: <c>private readonly {Type}[] {Field} = new {Type}[{Length}];</c></summary>
    /// <param name="Length">An expression of the generated constants: "BatchSize * MaxPool1OutputSize", "BatchNorm1Channels".</param>
    internal sealed record BufferPlan(string Type, string Field, string Length, string Comment)
    {
        /// <summary>A buffer of <paramref name="sampleSize"/> values for each sample of a batch.</summary>
        public static BufferPlan PerSample(string type, string field, string sampleSize, string comment)
            => new(type, field, "BatchSize * " + sampleSize, comment);
    }
}
