// TEMPORARY: stand-ins for the kernels branch while it is written. Deleted on merge.
namespace ModelGen.Kernels
{
    public static class Gemm
    {
        public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
        {
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = accumulate ? c[i * n + j] : 0; for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j]; c[i * n + j] = s; }
        }
        public static void MultiplyTransposeA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
        {
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = accumulate ? c[i * n + j] : 0; for (int p = 0; p < k; p++) s += a[p * m + i] * b[p * n + j]; c[i * n + j] = s; }
        }
        public static void MultiplyTransposeB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
        {
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = accumulate ? c[i * n + j] : 0; for (int p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p]; c[i * n + j] = s; }
        }
    }
}
