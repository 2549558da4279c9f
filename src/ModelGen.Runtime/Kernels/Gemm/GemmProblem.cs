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
}
