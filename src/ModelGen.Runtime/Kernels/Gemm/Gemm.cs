namespace ModelGen.Kernels;

/// <summary>
/// Single-precision matrix products on row-major, contiguous matrices, C (m x n).
/// <c>accumulate</c> = true adds the product to C, otherwise C is overwritten. Spans may be
/// longer than needed; only the leading elements are used. C must not overlap A or B.
/// </summary>
/// <remarks>
/// Results are bit-identical for any <see cref="KernelThreads.ThreadCount"/>: threads split C
/// into tiles and each element is summed over k in one fixed order.
/// </remarks>
public static class Gemm
{
    /// <summary>C = A·B (or C += A·B): A is m x k, B is k x n.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false) =>
        Run(GemmPaths.Best, a, b, c, m, k, n, transA: false, transB: false, accumulate, allowThreads: true);

    /// <summary>C = Aᵀ·B (or C += Aᵀ·B): A is stored k x m, B is k x n.</summary>
    public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false) =>
        Run(GemmPaths.Best, a, b, c, m, k, n, transA: true, transB: false, accumulate, allowThreads: true);

    /// <summary>C = A·Bᵀ (or C += A·Bᵀ): A is m x k, B is stored n x k.</summary>
    public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false) =>
        Run(GemmPaths.Best, a, b, c, m, k, n, transA: false, transB: true, accumulate, allowThreads: true);

    /// <summary>
    /// C = A·B, and A copied into <paramref name="copyOfA"/> on the way (an empty span copies
    /// nothing). Each thread copies the rows it multiplies right after reading them, so a layer
    /// that keeps its input for the backward pass pays no separate pass over it: for a batch
    /// of 100 MNIST images that pass, read from memory, cost a third of a dense layer's time.
    /// The copy is written with non-temporal stores (<see cref="StreamingCopy"/>): it is read
    /// only if a backward pass follows, so it bypasses the cache the product is working in.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="copyOfA"/> is too short for m x k or overlaps A, B or C.</exception>
    public static void MultiplyAndCopyA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, Span<float> copyOfA, int m, int k, int n) =>
        Run(GemmPaths.Best, a, b, c, m, k, n, transA: false, transB: false, accumulate: false, allowThreads: true, copyOfA);

    /// <summary>The entry point behind the public methods, with the path and threading chosen by the caller (tests, convolution).</summary>
    internal static unsafe void Run(
        GemmPath path, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int k, int n, bool transA, bool transB, bool accumulate, bool allowThreads, Span<float> copyOfA = default)
    {
        Validate(a.Length, b.Length, c.Length, m, k, n, transA, transB);
        bool copyA = !copyOfA.IsEmpty;
        if (copyA)
        {
            ValidateCopy(a, b, c, copyOfA, m, k, n, transA);
            if (n == 0)
            {
                // No product reads A's rows: copy them here.
                a[..(m * k)].CopyTo(copyOfA);
            }
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            // An empty sum: C = 0, or C unchanged when accumulating.
            if (!accumulate)
            {
                c[..(m * n)].Clear();
            }

            return;
        }

        fixed (float* pa = a, pb = b, pc = c, pcopy = copyOfA)
        {
            var g = new GemmProblem
            {
                A = pa, B = pb, C = pc, M = m, K = k, N = n,
                TransA = transA, TransB = transB, Accumulate = accumulate,
                CopyOfA = copyA ? pcopy : null,
            };
            GemmJob.Run(path, g, allowThreads);
        }
    }

    private static void ValidateCopy(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, ReadOnlySpan<float> copyOfA, int m, int k, int n, bool transA)
    {
        if (transA)
        {
            throw new ArgumentException("Only A·B copies A on the way.", nameof(copyOfA));
        }

        int size = m * k;
        if (copyOfA.Length < size)
        {
            throw new ArgumentException($"copyOfA has {copyOfA.Length} elements but A {m}x{k} needs {size}.", nameof(copyOfA));
        }

        ReadOnlySpan<float> copy = copyOfA[..size];
        if (copy.Overlaps(a[..size]) || copy.Overlaps(b[..(k * n)]) || copy.Overlaps(c[..(m * n)]))
        {
            throw new ArgumentException("copyOfA must not overlap A, B or C.", nameof(copyOfA));
        }
    }

    private static void Validate(int aLength, int bLength, int cLength, int m, int k, int n, bool transA, bool transB)
    {
        if (m < 0 || k < 0 || n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"Matrix dimensions must not be negative (m={m}, k={k}, n={n}).");
        }

        long aNeed = (long)m * k;
        long bNeed = (long)k * n;
        long cNeed = (long)m * n;
        if (aNeed > int.MaxValue || bNeed > int.MaxValue || cNeed > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"Matrix too large (m={m}, k={k}, n={n}).");
        }

        if (aLength < aNeed)
        {
            string shape = transA ? $"Aᵀ stored {k}x{m}" : $"A {m}x{k}";
            throw new ArgumentException($"a has {aLength} elements but {shape} needs {aNeed}.", "a");
        }

        if (bLength < bNeed)
        {
            string shape = transB ? $"Bᵀ stored {n}x{k}" : $"B {k}x{n}";
            throw new ArgumentException($"b has {bLength} elements but {shape} needs {bNeed}.", "b");
        }

        if (cLength < cNeed)
        {
            throw new ArgumentException($"c has {cLength} elements but C {m}x{n} needs {cNeed}.", "c");
        }
    }
}
