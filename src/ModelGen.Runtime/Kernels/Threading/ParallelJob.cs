namespace ModelGen.Kernels;

/// <summary>
/// A unit of parallel work handed to <see cref="KernelThreads"/>. Kernels keep one cached
/// instance per calling thread and refill its fields before each run, so a dispatch allocates
/// nothing (no closures, no Task).
/// </summary>
internal abstract class ParallelJob
{
    /// <summary>
    /// Runs chunk <paramref name="chunk"/>. <paramref name="participant"/> is the index of the
    /// executing thread within this run (0 = the caller), below the participant count that was
    /// asked for, so a chunk can use a per-participant slice of a shared workspace. Which
    /// participant runs which chunk varies from run to run: results must depend on the chunk only.
    /// </summary>
    public abstract void Execute(int chunk, int participant);
}
