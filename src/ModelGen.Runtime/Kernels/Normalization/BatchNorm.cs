using System.Numerics.Tensors;

namespace ModelGen.Kernels;

/// <summary>
/// Batch Normalization (chapter 6.3): y = γ · (x − μ) / sqrt(σ² + ε) + β per channel, with μ and
/// σ² the batch's statistics while training and the running ones at inference. Values are NCHW
/// (see the folder's README); <c>spatial</c> is 1 for flat inputs. The backward passes use what
/// the forward pass kept: the normalised values x̂ and the per-channel standard deviation.
/// </summary>
public static class BatchNorm
{
    /// <summary>
    /// The training forward pass on <paramref name="count"/> samples: normalises with the batch's
    /// mean and biased variance, writes y, x̂ (<paramref name="normalized"/>) and the standard
    /// deviation sqrt(σ² + ε) per channel (<paramref name="std"/>), and moves the running
    /// statistics toward the batch's: running = momentum · running + (1 − momentum) · batch.
    /// <paramref name="mean"/> receives the batch mean per channel.
    /// </summary>
    public static void ForwardTraining(
        ReadOnlySpan<float> x, Span<float> y, Span<float> normalized, Span<float> mean, Span<float> std,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> runningMean, Span<float> runningVariance,
        int count, int channels, int spatial, float momentum, float epsilon)
    {
        Check(x.Length, y.Length, normalized.Length, count, channels, spatial);
        CheckChannels(channels, mean.Length, std.Length, gamma.Length, beta.Length, runningMean.Length, runningVariance.Length);
        int total = count * spatial; // values per channel
        mean.Clear();
        std.Clear(); // holds the sum of squared deviations, then the variance, then the standard deviation

        if (spatial == 1)
        {
            // Column sums in registers (the same order as adding row by row, so the same bits).
            Bias.Gradient(x, mean, count, channels);
            TensorPrimitives.Divide(mean, total, mean);
            for (int n = 0; n < count; n++)
            {
                var centred = normalized.Slice(n * channels, channels);
                TensorPrimitives.Subtract(x.Slice(n * channels, channels), mean, centred);
                TensorPrimitives.MultiplyAdd(centred, centred, std, std);
            }
        }
        else
        {
            for (int n = 0; n < count; n++)
            {
                for (int c = 0; c < channels; c++) mean[c] += TensorPrimitives.Sum(Plane(x, n, c, channels, spatial));
            }
            TensorPrimitives.Divide(mean, total, mean);
            for (int n = 0; n < count; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    var centred = Plane(normalized, n, c, channels, spatial);
                    TensorPrimitives.Subtract(Plane(x, n, c, channels, spatial), mean[c], centred);
                    std[c] += TensorPrimitives.SumOfSquares(centred);
                }
            }
        }

        TensorPrimitives.Divide(std, total, std); // the biased variance, as the book's np.mean
        for (int c = 0; c < channels; c++)
        {
            runningMean[c] = momentum * runningMean[c] + (1 - momentum) * mean[c];
            runningVariance[c] = momentum * runningVariance[c] + (1 - momentum) * std[c];
        }
        TensorPrimitives.Add(std, epsilon, std);
        TensorPrimitives.Sqrt(std, std);
        ScaleAndShift(y, normalized, std, gamma, beta, count, channels, spatial);
    }

    /// <summary>
    /// The inference forward pass: normalises with the running statistics. Writes x̂ and the
    /// standard deviation sqrt(running σ² + ε) too, so that a backward pass can follow.
    /// </summary>
    public static void ForwardInference(
        ReadOnlySpan<float> x, Span<float> y, Span<float> normalized, Span<float> std,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance,
        int count, int channels, int spatial, float epsilon)
    {
        Check(x.Length, y.Length, normalized.Length, count, channels, spatial);
        CheckChannels(channels, std.Length, gamma.Length, beta.Length, runningMean.Length, runningVariance.Length);
        TensorPrimitives.Add(runningVariance, epsilon, std);
        TensorPrimitives.Sqrt(std, std);
        for (int n = 0; n < count; n++)
        {
            if (spatial == 1)
            {
                TensorPrimitives.Subtract(x.Slice(n * channels, channels), runningMean, normalized.Slice(n * channels, channels));
                continue;
            }
            for (int c = 0; c < channels; c++)
                TensorPrimitives.Subtract(Plane(x, n, c, channels, spatial), runningMean[c], Plane(normalized, n, c, channels, spatial));
        }
        ScaleAndShift(y, normalized, std, gamma, beta, count, channels, spatial);
    }

    /// <summary>
    /// The backward pass of <see cref="ForwardTraining"/> (the book's, in closed form): with M
    /// values per channel, dβ = Σ dy, dγ = Σ x̂·dy and dx = γ / (M·std) · (M·dy − dβ − x̂·dγ).
    /// <paramref name="inputGradient"/> may be empty when nothing before the layer learns.
    /// </summary>
    public static void BackwardTraining(
        ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> normalized, ReadOnlySpan<float> std, ReadOnlySpan<float> gamma,
        Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient, int count, int channels, int spatial)
    {
        ParameterGradients(outputGradient, normalized, gammaGradient, betaGradient, count, channels, spatial);
        if (inputGradient.IsEmpty) return;
        Check(outputGradient.Length, inputGradient.Length, normalized.Length, count, channels, spatial);
        float total = count * spatial;
        // Channel by channel, so each channel's factors are worked out once, not once per sample.
        for (int c = 0; c < channels; c++)
        {
            float scale = gamma[c] / (total * std[c]);
            float dBeta = betaGradient[c], dGamma = gammaGradient[c];
            for (int n = 0; n < count; n++)
            {
                var dy = Plane(outputGradient, n, c, channels, spatial);
                var xn = Plane(normalized, n, c, channels, spatial);
                var dx = Plane(inputGradient, n, c, channels, spatial);
                for (int s = 0; s < dx.Length; s++)
                    dx[s] = scale * (total * dy[s] - dBeta - xn[s] * dGamma);
            }
        }
    }

    /// <summary>
    /// The backward pass of <see cref="ForwardInference"/>, a fixed affine map per channel:
    /// dβ = Σ dy, dγ = Σ x̂·dy, dx = γ / std · dy.
    /// </summary>
    public static void BackwardInference(
        ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> normalized, ReadOnlySpan<float> std, ReadOnlySpan<float> gamma,
        Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient, int count, int channels, int spatial)
    {
        ParameterGradients(outputGradient, normalized, gammaGradient, betaGradient, count, channels, spatial);
        if (inputGradient.IsEmpty) return;
        Check(outputGradient.Length, inputGradient.Length, normalized.Length, count, channels, spatial);
        for (int c = 0; c < channels; c++)
        {
            float scale = gamma[c] / std[c];
            for (int n = 0; n < count; n++)
                TensorPrimitives.Multiply(Plane(outputGradient, n, c, channels, spatial), scale, Plane(inputGradient, n, c, channels, spatial));
        }
    }

    /// <summary>dβ = Σ dy and dγ = Σ x̂·dy per channel, over the batch and every position.</summary>
    private static void ParameterGradients(
        ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> normalized, Span<float> gammaGradient, Span<float> betaGradient,
        int count, int channels, int spatial)
    {
        Check(outputGradient.Length, normalized.Length, normalized.Length, count, channels, spatial);
        CheckChannels(channels, gammaGradient.Length, betaGradient.Length);
        gammaGradient.Clear();
        betaGradient.Clear();
        if (spatial == 1)
        {
            // dβ is a bias gradient: column sums in registers, as Bias.Gradient does for Dense.
            Bias.Gradient(outputGradient, betaGradient, count, channels);
        }

        for (int n = 0; n < count; n++)
        {
            if (spatial == 1)
            {
                var dy = outputGradient.Slice(n * channels, channels);
                TensorPrimitives.MultiplyAdd(normalized.Slice(n * channels, channels), dy, gammaGradient, gammaGradient);
                continue;
            }
            for (int c = 0; c < channels; c++)
            {
                var dy = Plane(outputGradient, n, c, channels, spatial);
                betaGradient[c] += TensorPrimitives.Sum(dy);
                gammaGradient[c] += TensorPrimitives.Dot(Plane(normalized, n, c, channels, spatial), dy);
            }
        }
    }

    /// <summary>x̂ = centred / std in place, then y = γ·x̂ + β, per channel.</summary>
    private static void ScaleAndShift(
        Span<float> y, Span<float> normalized, ReadOnlySpan<float> std, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        int count, int channels, int spatial)
    {
        for (int n = 0; n < count; n++)
        {
            if (spatial == 1)
            {
                var row = normalized.Slice(n * channels, channels);
                TensorPrimitives.Divide(row, std, row);
                TensorPrimitives.MultiplyAdd(row, gamma, beta, y.Slice(n * channels, channels));
                continue;
            }
            for (int c = 0; c < channels; c++)
            {
                var plane = Plane(normalized, n, c, channels, spatial);
                TensorPrimitives.Divide(plane, std[c], plane);
                var output = Plane(y, n, c, channels, spatial);
                TensorPrimitives.Multiply(plane, gamma[c], output);
                TensorPrimitives.Add(output, beta[c], output);
            }
        }
    }

    private static Span<float> Plane(Span<float> values, int n, int c, int channels, int spatial) => values.Slice((n * channels + c) * spatial, spatial);

    private static ReadOnlySpan<float> Plane(ReadOnlySpan<float> values, int n, int c, int channels, int spatial) => values.Slice((n * channels + c) * spatial, spatial);

    private static void Check(int first, int second, int third, int count, int channels, int spatial)
    {
        if (count < 1 || channels < 1 || spatial < 1)
            throw new ArgumentException($"Batch Normalization needs a positive count, channels and spatial size, not {count}, {channels} and {spatial}.");
        long needed = (long)count * channels * spatial;
        if (first < needed || second < needed || third < needed)
            throw new ArgumentException($"{count} samples of {channels}x{spatial} values need {needed} values per buffer, but the buffers hold {first}, {second} and {third}.");
    }

    private static void CheckChannels(int channels, params ReadOnlySpan<int> lengths)
    {
        foreach (int length in lengths)
        {
            if (length != channels)
                throw new ArgumentException($"Every per-channel buffer must hold {channels} values, but one holds {length}.");
        }
    }
}
