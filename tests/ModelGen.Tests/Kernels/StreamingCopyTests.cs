using ModelGen.Kernels;
using Xunit;

namespace ModelGen.Tests.Kernels;

public sealed unsafe class StreamingCopyTests
{
    [Fact]
    public void Copies_every_length_at_every_alignment_and_writes_nothing_past_the_end()
    {
        // Lengths around the vector widths and the aligned-store loop's edges; target offsets
        // cover every float position within a cache line, source offsets a misaligned read.
        float[] source = Enumerable.Range(0, 400).Select(i => i + 0.5f).ToArray();
        float[] target = new float[420];
        fixed (float* s = source, t = target)
        {
            foreach (int count in new[] { 0, 1, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 100, 257, 380 })
            {
                for (int offset = 0; offset < 16; offset++)
                {
                    Array.Fill(target, float.NaN);
                    StreamingCopy.Copy(s + 3, t + offset, count);
                    StreamingCopy.Fence();
                    for (int i = 0; i < target.Length; i++)
                    {
                        bool inside = i >= offset && i < offset + count;
                        if (inside) Assert.Equal(source[3 + i - offset], target[i]);
                        else Assert.True(float.IsNaN(target[i]), $"count {count}, offset {offset}: index {i} was written");
                    }
                }
            }
        }
    }
}
