using System.Runtime.InteropServices;

namespace ModelGen.Kernels;

/// <summary>
/// Winograd's transformed forward filters (<see cref="WinogradTransforms.PackFilters"/>), kept
/// on the calling thread from one call to the next for as long as the weights they came from
/// stay the same. Inference runs the same weights call after call, and a single image paid
/// the transform whole on every call: on an AMD EPYC (Zen 3) the 64 -> 64 layer's took 43 µs
/// of its 90, and the five layers' ~100 µs of DeepConvNet's ~400 µs single-image latency.
/// </summary>
/// <remarks>
/// An entry is found by where the weights are and what they were packed for, but it is used
/// only after the weights are compared with the copy taken when they were packed, byte for
/// byte: any change at all (a training step, a numerical gradient's nudge, a checkpoint
/// loaded into the same array) packs them again, so the cache never changes a result. In
/// training, where every step changes the weights, that costs a comparison that stops at the
/// first weight and a copy of the weights beside the transform that ran anyway. The memory
/// is native (it never moves, so the kernel threads may read it during the call) and is freed
/// when an entry is evicted, or when the thread's cache is collected after the thread ends.
/// </remarks>
internal static unsafe class PackedFilterCache
{
    /// <summary>Entries per thread: a network's 3 x 3 layers with room to spare, for a few networks at once.</summary>
    private const int Capacity = 16;

    [ThreadStatic] private static Entry?[]? t_entries;
    [ThreadStatic] private static long t_clock;

    /// <summary>The packed filters of <paramref name="weights"/> for <paramref name="w"/> and MR <paramref name="mr"/>: the kept ones when the weights are unchanged, else packed now.</summary>
    public static float* Get(float* weights, int weightCount, in WinogradShape w, int mr)
    {
        Entry?[] entries = t_entries ??= new Entry?[Capacity];
        long now = ++t_clock;
        Entry? match = null;
        int victim = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            Entry? e = entries[i];
            if (e == null)
            {
                victim = i;
                break;
            }

            if (e.Weights == weights && e.Fits(weightCount, w, mr))
            {
                match = e;
                break;
            }

            if (e.LastUse < entries[victim]!.LastUse)
            {
                victim = i;
            }
        }

        if (match == null)
        {
            Entry? old = entries[victim];
            if (old != null && old.Fits(weightCount, w, mr))
            {
                // Most often the same layer's weights after the GC moved their array (plain
                // managed arrays may move between calls): reuse its memory, allocate nothing.
                old.Weights = weights;
                old.Valid = false;
                match = old;
            }
            else
            {
                old?.Dispose();
                match = entries[victim] = new Entry(weights, weightCount, w, mr);
            }
        }

        match.LastUse = now;
        var current = new ReadOnlySpan<byte>(weights, weightCount * sizeof(float));
        if (!match.Valid || !current.SequenceEqual(new ReadOnlySpan<byte>(match.Snapshot, weightCount * sizeof(float))))
        {
            // Invalid until both are done, so an exception in between cannot leave a stale pair.
            match.Valid = false;
            WinogradTransforms.PackFilters(weights, flipped: false, w, mr, match.Packed);
            current.CopyTo(new Span<byte>(match.Snapshot, weightCount * sizeof(float)));
            match.Valid = true;
        }

        return match.Packed;
    }

    /// <summary>Frees this thread's entries (tests).</summary>
    internal static void Clear()
    {
        if (t_entries == null)
        {
            return;
        }

        for (int i = 0; i < t_entries.Length; i++)
        {
            t_entries[i]?.Dispose();
            t_entries[i] = null;
        }
    }

    /// <summary>Entries this thread holds now (tests).</summary>
    internal static int Count => t_entries?.Count(e => e != null) ?? 0;

    private sealed class Entry : IDisposable
    {
        public float* Weights;
        public float* Snapshot;
        public float* Packed;
        public long LastUse;
        public bool Valid;
        private readonly int _weightCount, _inChannels, _outChannels, _outRows, _packedMatrix, _mr;

        public Entry(float* weights, int weightCount, in WinogradShape w, int mr)
        {
            Weights = weights;
            _weightCount = weightCount;
            _inChannels = w.InChannels;
            _outChannels = w.OutChannels;
            _outRows = w.OutRows;
            _packedMatrix = w.PackedMatrix;
            _mr = mr;
            Snapshot = (float*)NativeMemory.AlignedAlloc((nuint)weightCount * sizeof(float), 64);
            Packed = (float*)NativeMemory.AlignedAlloc((nuint)w.PackedFloats * sizeof(float), 64);
        }

        /// <summary>Whether the packing this entry holds is the one asked for (everything PackFilters reads besides the weights).</summary>
        public bool Fits(int weightCount, in WinogradShape w, int mr) =>
            weightCount == _weightCount && w.InChannels == _inChannels && w.OutChannels == _outChannels
            && w.OutRows == _outRows && w.PackedMatrix == _packedMatrix && mr == _mr;

        public void Dispose()
        {
            Free();
            GC.SuppressFinalize(this);
        }

        ~Entry() => Free();

        private void Free()
        {
            NativeMemory.AlignedFree(Snapshot);
            NativeMemory.AlignedFree(Packed);
            Snapshot = null;
            Packed = null;
        }
    }
}
