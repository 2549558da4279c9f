namespace ModelGen.Training;

/// <summary>
/// Gradient checking (chapter 4.4 and 5.7.3): the backward pass against central differences
/// (L(w + h) − L(w − h)) / 2h of the loss, one parameter value at a time.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// The numerical gradient of the loss on the given samples with respect to every value of
    /// <paramref name="parameter"/>. In float32, h around 1e-2 balances the rounding error of the
    /// loss (about 1e-7 · |L| / h) against the truncation error (about h² · L'''), unlike the
    /// book's 1e-4 in float64. The forward passes run in inference mode unless
    /// <paramref name="training"/> is set: inference keeps Dropout deterministic, training mode
    /// checks Batch Normalization's batch statistics (as the book's batch_norm_gradient_check
    /// does). Every value, and in training mode the network's state (running statistics, the
    /// Dropout generator), is restored afterwards.
    /// </summary>
    public static float[] Numerical(ITrainableNetwork network, Parameter parameter, ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, int count, float step = 1e-2f, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(parameter);
        var values = parameter.Value;
        var gradient = new float[values.Length];
        var state = training ? network.State.Select(t => t.Read()).ToList() : [];
        for (int i = 0; i < values.Length; i++)
        {
            float original = values[i];
            values[i] = original + step;
            network.Forward(inputs, count, training);
            double plus = network.Loss(labels, count);
            values[i] = original - step;
            network.Forward(inputs, count, training);
            double minus = network.Loss(labels, count);
            values[i] = original;
            gradient[i] = (float)((plus - minus) / (2.0 * step));
        }
        for (int t = 0; t < state.Count; t++) network.State[t].Write(state[t]);
        return gradient;
    }

    /// <summary>One parameter's comparison: how far backprop is from the numerical gradient.</summary>
    public readonly record struct Difference(string Parameter, double MeanAbsolute, double MaxAbsolute, double MeanMagnitude);

    /// <summary>
    /// Backprop against numerical differentiation for every parameter, as in the book's
    /// gradient_check.py; both in the mode <paramref name="training"/> chooses.
    /// </summary>
    public static IReadOnlyList<Difference> Compare(ITrainableNetwork network, ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, int count, float step = 1e-2f, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.Forward(inputs, count, training);
        network.Backward(labels, count);
        var analytic = network.Parameters.Select(p => (float[])p.Gradient.Clone()).ToList();
        var result = new List<Difference>();
        for (int k = 0; k < network.Parameters.Count; k++)
        {
            var parameter = network.Parameters[k];
            var numeric = Numerical(network, parameter, inputs, labels, count, step, training);
            double sum = 0, max = 0, magnitude = 0;
            for (int i = 0; i < numeric.Length; i++)
            {
                double difference = Math.Abs(numeric[i] - analytic[k][i]);
                sum += difference;
                max = Math.Max(max, difference);
                magnitude += Math.Abs(numeric[i]);
            }
            result.Add(new Difference(parameter.Name, sum / numeric.Length, max, magnitude / numeric.Length));
        }
        return result;
    }
}
