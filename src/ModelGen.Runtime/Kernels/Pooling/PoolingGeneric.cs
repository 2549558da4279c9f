namespace ModelGen.Kernels;

/// <summary>
/// Pooling for any window and stride, plane by plane. Max pooling keeps the first maximum in
/// window order (row by row), like the book's argmax; argmax values index the input plane (y·W + x).
/// </summary>
internal static unsafe class PoolingGeneric
{
    public static void MaxForward(in PoolShape s, float* input, float* output, int* argmax, int planes)
    {
        int oh = s.OutHeight, ow = s.OutWidth, w = s.Width, k = s.Size;
        for (int p = 0; p < planes; p++)
        {
            float* plane = input + (nint)p * s.Height * w;
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    int first = oy * s.Stride * w + ox * s.Stride;
                    int best = first;
                    float max = plane[first];
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            int at = first + ky * w + kx;
                            if (plane[at] > max)
                            {
                                max = plane[at];
                                best = at;
                            }
                        }
                    }

                    *output++ = max;
                    if (argmax != null)
                    {
                        *argmax++ = best;
                    }
                }
            }
        }
    }

    /// <summary>Zeroes the input gradient, then adds each output gradient at its argmax (overlapping windows add up).</summary>
    public static void MaxBackward(in PoolShape s, float* outputGradient, int* argmax, float* inputGradient, int planes)
    {
        int planeSize = s.Height * s.Width, outputs = s.OutHeight * s.OutWidth;
        new Span<float>(inputGradient, planes * planeSize).Clear();
        for (int p = 0; p < planes; p++)
        {
            float* plane = inputGradient + (nint)p * planeSize;
            for (int o = 0; o < outputs; o++)
            {
                int at = *argmax++;
                // Argmax from another layer would write outside the plane.
                if ((uint)at >= (uint)planeSize)
                {
                    throw new ArgumentException($"argmax holds {at}, outside the {s.Height}x{s.Width} input plane.", "argmax");
                }

                plane[at] += *outputGradient++;
            }
        }
    }

    /// <summary>Each output is the window's sum, in window order, times 1 / Size².</summary>
    public static void AvgForward(in PoolShape s, float* input, float* output, int planes)
    {
        int oh = s.OutHeight, ow = s.OutWidth, w = s.Width, k = s.Size;
        float scale = 1f / (k * k);
        for (int p = 0; p < planes; p++)
        {
            float* plane = input + (nint)p * s.Height * w;
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    float* window = plane + oy * s.Stride * w + ox * s.Stride;
                    float sum = 0f;
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            sum += window[ky * w + kx];
                        }
                    }

                    *output++ = sum * scale;
                }
            }
        }
    }

    public static void AvgBackward(in PoolShape s, float* outputGradient, float* inputGradient, int planes)
    {
        int oh = s.OutHeight, ow = s.OutWidth, w = s.Width, k = s.Size;
        float scale = 1f / (k * k);
        new Span<float>(inputGradient, planes * s.Height * w).Clear();
        for (int p = 0; p < planes; p++)
        {
            float* plane = inputGradient + (nint)p * s.Height * w;
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    float g = *outputGradient++ * scale;
                    float* window = plane + oy * s.Stride * w + ox * s.Stride;
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            window[ky * w + kx] += g;
                        }
                    }
                }
            }
        }
    }
}
