namespace ModelGen.Generator.Planning
{
    /// <summary>
    /// The planning pass between shape inference and emission: decides which layers run inside
    /// which, by asking each host layer's kind whether it takes in the layer after it (a Conv
    /// takes a Relu, then a MaxPool). Fusion saves passes over the largest buffers; fused and
    /// separate layers compute the same bits. The emitter prints what this decides and nothing else.
    /// </summary>
    internal static class Fusion
    {
        public static ExecutionPlan Plan(NetworkPlan network)
        {
            var steps = new List<Step>();
            var layers = network.Layers;
            for (int i = 0; i < layers.Count;)
            {
                var host = layers[i++];
                var absorbed = new List<LayerPlan>();
                while (i < layers.Count && host.Spec.CanAbsorb(absorbed, layers[i])) absorbed.Add(layers[i++]);
                steps.Add(new Step(host, new EquatableArray<LayerPlan>(absorbed)));
            }
            return new ExecutionPlan(network, new EquatableArray<Step>(steps));
        }
    }
}
