using System.Numerics;

namespace ModelGen;

/// <summary>
/// A small, seeded random number generator (xoshiro128**, seeded through SplitMix64). Ours
/// rather than <see cref="Random"/> so that the same seed gives the same weights, masks and
/// shuffles on every .NET version, bit for bit.
/// </summary>
public sealed class Rng
{
    private uint _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>A generator whose whole sequence is fixed by <paramref name="seed"/> (any value, 0 included).</summary>
    public Rng(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = (uint)SplitMix(ref x);
        _s1 = (uint)SplitMix(ref x);
        _s2 = (uint)SplitMix(ref x);
        _s3 = (uint)SplitMix(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1; // the all-zero state would repeat forever
    }

    /// <summary>A uniformly distributed 32-bit value.</summary>
    public uint NextUInt()
    {
        uint result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 11);
        return result;
    }

    /// <summary>Uniform in [0, 1), with 24 random bits: every value is exactly a float.</summary>
    public float NextFloat() => (NextUInt() >> 8) * (1f / (1 << 24));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => ((((ulong)NextUInt() << 32) | NextUInt()) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong product = (ulong)NextUInt() * (uint)maxExclusive;
        uint low = (uint)product;
        if (low < (uint)maxExclusive)
        {
            uint threshold = (uint)(-maxExclusive) % (uint)maxExclusive;
            while (low < threshold)
            {
                product = (ulong)NextUInt() * (uint)maxExclusive;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>Standard normal, by the Box-Muller transform (two values per two uniforms).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: the logarithm stays finite
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = radius * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
