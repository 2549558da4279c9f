namespace ModelGen.Generator.Emit
{
    /// <summary>
    /// What a layer kind needs to write its part of the generated <c>ExportOnnx</c>: its layer,
    /// and statements that add ONNX nodes through the runtime's builder (the local <c>onnx</c>,
    /// a <c>ModelGen.Onnx.OnnxModelBuilder</c>). The local <c>x</c> names the tensor the layer
    /// reads; each node moves it on to the node's output, so that after a layer's statements
    /// <c>x</c> names the layer's output. Nodes are written layer by layer, not step by step:
    /// fusion is how our kernels run, not what the network computes.
    /// </summary>
    internal sealed class OnnxContext
    {
        /// <summary>The alias of the runtime's ONNX namespace, declared at the top of the file.</summary>
        public const string Onnx = "Onnx::";

        /// <summary>ONNX's TensorProto.DataType for float32, the type of every tensor we export.</summary>
        public const int Float32 = 1;

        public OnnxContext(LayerPlan layer) => Layer = layer;

        public LayerPlan Layer { get; }

        /// <summary>The graph constant that holds the layer's parameter <paramref name="index"/> (W, b, gamma, ...).</summary>
        public string Parameter(int index) => $"onnx.Parameter(\"{Layer.Parameters[index].Name}\")";

        /// <summary>The graph constant that holds the layer's state tensor <paramref name="index"/> (running mean, ...).</summary>
        public string State(int index) => $"onnx.State(\"{Layer.State[index].Name}\")";

        /// <summary>A scalar graph constant named after the layer: Dropout1_scale.</summary>
        public string Constant(string suffix, string value) => $"onnx.Constant(\"{Layer.Name}_{suffix}\", {value})";

        /// <summary>
        /// <c>x = onnx.Node("Op", "output", new[] { x, constants... }, attributes...);</c>: a node
        /// that reads <c>x</c> and the given constants and writes <paramref name="output"/>.
        /// </summary>
        public void Node(CodeWriter w, string opType, string output, IReadOnlyList<string> constants, params string[] attributes)
        {
            string inputs = "new[] { " + string.Join(", ", new[] { "x" }.Concat(constants)) + " }";
            w.Call("x = onnx.Node", new[] { $"\"{opType}\"", $"\"{output}\"", inputs }.Concat(attributes).ToList());
        }

        /// <summary>A node that reads only <c>x</c>. (Not an overload of <see cref="Node"/>: a string[] of constants would bind to its params.)</summary>
        public void Unary(CodeWriter w, string opType, string output, params string[] attributes)
            => Node(w, opType, output, Array.Empty<string>(), attributes);

        /// <summary>
        /// A Flatten of <c>x</c> to (N, C·H·W), named <paramref name="output"/>, when
        /// <paramref name="shape"/> is a feature map: NCHW rows are already the order in which our
        /// Dense layers and losses read a map, so this only changes the shape ONNX sees (Gemm and
        /// Softmax over axis 1 need two dimensions).
        /// </summary>
        public static void FlattenMap(CodeWriter w, FeatureShape shape, string output)
        {
            if (!shape.IsMap) return;
            w.Line($"// {shape} per sample, read as one row of {shape.Size} values");
            w.Call("x = onnx.Node", new[] { "\"Flatten\"", $"\"{output}\"", "new[] { x }", Int("axis", 1) });
        }

        public static string Int(string name, long value) => $"{Onnx}OnnxAttribute.Int(\"{name}\", {value})";

        public static string Ints(string name, params long[] values) => $"{Onnx}OnnxAttribute.Ints(\"{name}\", {string.Join(", ", values)})";

        /// <summary>A float attribute whose value is a C# expression (a generated constant).</summary>
        public static string Float(string name, string expression) => $"{Onnx}OnnxAttribute.Float(\"{name}\", {expression})";
    }
}
