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

    /// <summary>
    /// The generator that draws a network's Dropout masks, apart from the stream its weights
    /// come from: seeded with seed · 7919 + 1 (wrapping), a prime multiplier so that
    /// neighbouring network seeds give unrelated mask streams.
    /// </summary>
    public static Rng ForDropout(int networkSeed) => new(unchecked(networkSeed * DropoutSeedMultiplier + 1));

    private const int DropoutSeedMultiplier = 7919;

    /// <summary>
    /// How many values <see cref="ExportState"/> writes: the four 32-bit words of the state and
    /// the eight bytes of the spare Gaussian, each cut into 16-bit halves (exact in float32, so the
    /// state survives a float32 .npz file), and a flag for whether the spare is held.
    /// </summary>
    public const int StateLength = 13;

    /// <summary>Writes the generator's exact position, <see cref="StateLength"/> values.</summary>
    public void ExportState(Span<float> destination)
    {
        if (destination.Length != StateLength) throw new ArgumentException($"The state takes {StateLength} values, not {destination.Length}.", nameof(destination));
        ReadOnlySpan<uint> words = [_s0, _s1, _s2, _s3];
        for (int i = 0; i < 4; i++)
        {
            destination[2 * i] = words[i] & 0xFFFF;
            destination[2 * i + 1] = words[i] >> 16;
        }
        destination[8] = _hasSpare ? 1 : 0;
        ulong spare = (ulong)BitConverter.DoubleToInt64Bits(_spareGaussian);
        for (int i = 0; i < 4; i++) destination[9 + i] = (spare >> (16 * i)) & 0xFFFF;
    }

    /// <summary>Why <paramref name="state"/> is not a state <see cref="ExportState"/> could have written, or null.</summary>
    public static string? CheckState(ReadOnlySpan<float> state)
    {
        if (state.Length != StateLength) return $"a generator state holds {StateLength} values, not {state.Length}";
        foreach (float v in state)
        {
            if (!(v >= 0 && v <= 0xFFFF && v == MathF.Floor(v))) return "a generator state holds whole numbers from 0 to 65535 only";
        }
        if (state[8] > 1) return "the generator state's spare flag is neither 0 nor 1";
        for (int i = 0; i < 8; i++)
        {
            if (state[i] != 0) return null;
        }
        return "the generator state is all zero, which a generator never reaches";
    }

    /// <summary>Moves the generator to a position written by <see cref="ExportState"/>.</summary>
    public void ImportState(ReadOnlySpan<float> state)
    {
        string? problem = CheckState(state);
        if (problem is not null) throw new ArgumentException($"Not a generator state: {problem}.", nameof(state));
        _s0 = Word(state, 0);
        _s1 = Word(state, 1);
        _s2 = Word(state, 2);
        _s3 = Word(state, 3);
        _hasSpare = state[8] == 1;
        ulong spare = 0;
        for (int i = 0; i < 4; i++) spare |= (ulong)state[9 + i] << (16 * i);
        _spareGaussian = BitConverter.Int64BitsToDouble((long)spare);
    }

    private static uint Word(ReadOnlySpan<float> state, int i) => (uint)state[2 * i] | ((uint)state[2 * i + 1] << 16);

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
