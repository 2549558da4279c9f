namespace ModelGen.Kernels;

/// <summary>
/// One C (M x N, row-major, contiguous) = op(A) · op(B) product on pinned memory. TransA means A
/// is stored K x M, TransB that B is stored N x K.
/// </summary>
internal unsafe struct GemmProblem
{
    public float* A;
    public float* B;
    public float* C;
    public int M;
    public int K;
    public int N;
    public bool TransA;
    public bool TransB;
    public bool Accumulate;

    /// <summary>Where the rows of A are copied as they are multiplied (A·B only), or null.</summary>
    public float* CopyOfA;

    /// <summary>
    /// A·B on the strips only: the distance between rows of A (and of <see cref="CopyOfA"/>)
    /// when the product covers a part of k of a wider A (<see cref="GemmStrips.KPart"/>); 0 means K.
    /// </summary>
    public int LdA;

    /// <summary>The distance between rows of A in an A·B product.</summary>
    public readonly nint RowStrideA => LdA == 0 ? K : LdA;

    /// <summary>Copies rows [i0, i0 + rows) x columns [p0, p0 + kc) of A to <see cref="CopyOfA"/>, if set.</summary>
    public readonly void CopyRows(int i0, int rows, int p0, int kc)
    {
        if (CopyOfA == null)
        {
            return;
        }

        // A big copy bypasses the cache (it is read only if a backward pass follows); a small
        // one, a single image, is cheaper with plain stores than with the store fence.
        bool stream = (long)M * RowStrideA >= StreamingCopy.MinFloats;
        for (int r = i0; r < i0 + rows; r++)
        {
            nint at = r * RowStrideA + p0;
            if (stream)
            {
                StreamingCopy.Copy(A + at, CopyOfA + at, kc);
            }
            else
            {
                new ReadOnlySpan<float>(A + at, kc).CopyTo(new Span<float>(CopyOfA + at, kc));
            }
        }

        if (stream)
        {
            StreamingCopy.Fence();
        }
    }
}
