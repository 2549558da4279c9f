using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// BlockTranspose against the definition for every rows x length up to 40 on each of its block
/// sizes: the 16 x 16 and 8 x 8 blocks, the last block that overlaps the one before it on a
/// ragged length, and the leftovers done element by element; nothing outside dst's rows and
/// columns is written.
/// </summary>
public unsafe class BlockTransposeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Transpose_writes_exactly_the_transposed_block(bool avx512)
    {
        if (avx512 && !GemmPaths.IsSupported(GemmPath.Avx512))
        {
            return;
        }

        const int lds = 43, ldd = 45, sentinel = -7;
        float[] src = Reference.Random(40 * lds, 17);
        float[] dst = new float[41 * ldd];
        for (int rows = 0; rows <= 40; rows++)
        {
            for (int length = 0; length <= 40; length++)
            {
                Array.Fill(dst, sentinel);
                fixed (float* s = src, d = dst)
                {
                    BlockTranspose.Transpose(avx512, s, lds, rows, length, d, ldd);
                }

                for (int j = 0; j < 41; j++)
                {
                    for (int i = 0; i < ldd; i++)
                    {
                        float expected = j < length && i < rows ? src[i * lds + j] : sentinel;
                        if (dst[j * ldd + i] != expected)
                        {
                            Assert.Fail($"rows {rows}, length {length}: dst[{j}, {i}] is {dst[j * ldd + i]}, expected {expected}");
                        }
                    }
                }
            }
        }
    }
}
