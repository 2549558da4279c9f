namespace ModelGen.Generator.Emit
{
    /// <summary>The constructor, initialisation, and the members every network exposes.</summary>
    internal sealed partial class NetworkEmitter
    {
        private void WriteConstructor()
        {
            _w.Line("/// <summary>Creates the network with every weight drawn from <paramref name=\"seed\"/>.</summary>");
            using (_w.Block($"public {Spec.ClassIdentifier}(int seed = 0)"))
            {
                var parameters = Layers.SelectMany(l => l.Parameters).ToList();
                WriteArray("_parameters", Runtime + "Parameter", parameters.Select(p =>
                    $"new(\"{p.Name}\", new[] {{ {string.Join(", ", p.ShapeConstants)} }}, {p.Name}, d{p.Name}),"));
                if (UsesRandom) _w.Line($"_random = {Runtime}Rng.ForDropout(seed);");
                var state = Layers.SelectMany(l => l.State)
                    .Select(s => $"new(\"{s.Name}\", new[] {{ {string.Join(", ", s.ShapeConstants)} }}, {s.Name}),");
                if (UsesRandom) state = state.Concat(new[] { $"{Runtime}StateTensor.Of(\"random\", _random)," });
                WriteArray("_state", Runtime + "StateTensor", state);
                _w.Line("InitializeParameters(seed);");
            }
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Draws every weight again from its initial distribution, zeroes every bias and sets every");
            _w.Line("/// piece of state to its initial value.");
            _w.Line("/// </summary>");
            using (_w.Block("public void InitializeParameters(int seed)"))
            {
                _w.Line($"var random = new {Runtime}Rng(seed);");
                foreach (var p in Layers.SelectMany(l => l.Parameters)) WriteFill(p.Name, p.Fill, p.Std, p.StdRule);
                foreach (var s in Layers.SelectMany(l => l.State)) WriteFill(s.Name, s.Fill, 0, "");
            }
            _w.Line();
        }

        /// <summary>An array field's initializer: empty, or one element to a line.</summary>
        private void WriteArray(string field, string type, System.Collections.Generic.IEnumerable<string> elements)
        {
            var list = elements.ToList();
            if (list.Count == 0)
            {
                _w.Line($"{field} = global::System.Array.Empty<{type}>();");
                return;
            }
            _w.Line($"{field} = new {type}[]");
            _w.Line("{");
            using (_w.Indented())
            {
                foreach (var element in list) _w.Line(element);
            }
            _w.Line("};");
        }

        private void WriteFill(string name, Fill fill, double std, string rule)
        {
            switch (fill)
            {
                case Fill.Gaussian:
                    _w.Line($"// {name}: {rule} = {Number(std)}");
                    _w.Line($"{Runtime}Initialization.Gaussian({name}, {Number(std)}f, random);");
                    break;
                case Fill.Zero:
                    _w.Line($"global::System.Array.Clear({name});");
                    break;
                case Fill.One:
                    _w.Line($"global::System.Array.Fill({name}, 1f);");
                    break;
            }
        }

        private void WriteInterfaceMembers()
        {
            // BatchSize, InputSize and OutputSize are the constants above; the interface sees them too.
            _w.Line($"int {Runtime}INetwork.BatchSize => BatchSize;");
            _w.Line($"int {Runtime}INetwork.InputSize => InputSize;");
            _w.Line($"int {Runtime}INetwork.OutputSize => OutputSize;");
            _w.Line("/// <inheritdoc/>");
            _w.Line("public global::System.Collections.Generic.IReadOnlyList<int> InputShape => s_inputShape;");
            _w.Line("/// <inheritdoc/>");
            _w.Line($"public global::System.Collections.Generic.IReadOnlyList<{Runtime}Parameter> Parameters => _parameters;");
            _w.Line("/// <inheritdoc/>");
            _w.Line($"public global::System.Collections.Generic.IReadOnlyList<{Runtime}StateTensor> State => _state;");
            _w.Line();
        }
    }
}
