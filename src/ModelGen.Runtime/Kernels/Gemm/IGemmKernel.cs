namespace ModelGen.Kernels;

/// <summary>
/// The part of a micro-kernel that <see cref="GemmStrips{TK, TV, TL}"/> uses: whole MR x NR
/// tiles with A read in place (row pointers, or interleaved rows for Aᵀ).
/// </summary>
internal unsafe interface IStripKernel
{
    /// <summary>Rows of C per tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of C per tile (a few vectors).</summary>
    static abstract int NR { get; }

    /// <summary>A read in place from row pointers: A(r, p) = rows[r][p]. Serves A·B and A·Bᵀ.</summary>
    static abstract void RowsA(int kc, float** rows, float* b, nint ldb, float* c, nint ldc, bool add);

    /// <summary>A read in place with rows interleaved: A(r, p) = a[p * ak + r]. Serves Aᵀ·B (ak = lda) and packed A (ak = MR).</summary>
    static abstract void StridedA(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add);
}

/// <summary>
/// One SIMD path's register-blocked micro-kernel and B-packing routines. The GEMM driver is
/// generic over a struct implementing this, so the JIT specialises it per path and MR/NR are
/// constants in the loops.
/// </summary>
/// <remarks>
/// Every kernel computes an MR x NR tile as a sum over kc steps of A(r, p) * B(p, j), starting
/// from zero and adding the products in order p = 0, 1, ..., then stores it to C (row stride
/// ldc) or, when <c>add</c>, adds it to C. The order is fixed, so the same tile gives the same
/// bits however the work around it is split. B row p is NR floats at b + p·ldb: a packed panel
/// (ldb = NR) or B itself read in place; the OffsetB form finds each row through an offset table.
/// </remarks>
internal unsafe interface IGemmKernel : IStripKernel
{
    /// <summary>A packed (ak = MR); B row p is the NR floats at bBase + offsets[p] (implicit im2col for convolution).</summary>
    static abstract void OffsetB(int kc, float* a, int* offsets, float* bBase, float* c, nint ldc, bool add);

    /// <summary><see cref="IStripKernel.RowsA"/> for an MR x (NR / 2) tile from a half-width panel (16-filter layers, ragged ends).</summary>
    static abstract void RowsANarrow(int kc, float** rows, float* b, nint ldb, float* c, nint ldc, bool add);

    /// <summary><see cref="IStripKernel.StridedA"/> for an MR x (NR / 2) tile from a half-width B (Winograd's last, narrow panel).</summary>
    static abstract void StridedANarrow(int kc, float* a, nint ak, float* b, nint ldb, float* c, nint ldc, bool add);

    /// <summary><see cref="OffsetB"/> for an MR x (NR / 2) tile.</summary>
    static abstract void OffsetBNarrow(int kc, float* a, int* offsets, float* bBase, float* c, nint ldc, bool add);

    /// <summary>Packs kc rows of B (row stride ldb), <paramref name="cols"/> ≤ NR columns, into an NR-wide panel, zero-padding the rest.</summary>
    static abstract void PackB(float* b, nint ldb, int kc, int cols, float* panel);

    /// <summary>Packs from Bᵀ: panel[p * NR + j] = b[j * ldb + p] for j below <paramref name="cols"/> ≤ NR, zero beyond.</summary>
    static abstract void PackBTransposed(float* b, nint ldb, int kc, int cols, float* panel);
}
