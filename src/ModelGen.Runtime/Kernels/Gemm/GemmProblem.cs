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

    /// <summary>Copies rows [i0, i0 + rows) x columns [p0, p0 + kc) of A to <see cref="CopyOfA"/>, if set.</summary>
    public readonly void CopyRows(int i0, int rows, int p0, int kc)
    {
        if (CopyOfA == null)
        {
            return;
        }

        for (int r = i0; r < i0 + rows; r++)
        {
            nint at = (nint)r * K + p0;
            StreamingCopy.Copy(A + at, CopyOfA + at, kc);
        }

        StreamingCopy.Fence();
    }
}
