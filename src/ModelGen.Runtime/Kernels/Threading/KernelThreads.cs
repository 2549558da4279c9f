using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace ModelGen.Kernels;

/// <summary>
/// The runtime-wide pool of persistent worker threads that the kernels split big work across.
/// A dispatch hands a cached <see cref="ParallelJob"/> to sleeping-or-spinning workers and
/// allocates nothing. Kernels only ever split work along fixed chunks, so results are
/// bit-identical whatever <see cref="ThreadCount"/> is.
/// </summary>
public static class KernelThreads
{
    /// <summary>Environment variable that overrides the default thread count.</summary>
    public const string EnvironmentVariable = "MODELGEN_THREADS";

    private static int s_threadCount = InitialThreadCount();

    // One dispatch at a time: callers on other threads wait on this lock. Workers never take
    // it (nested runs execute inline), so the holder never waits on anything that needs it.
    private static readonly object s_gate = new();
    private static KernelWorker[] s_workers = [];

    // The run in progress; written under s_gate before the workers are signalled.
    private static ParallelJob? s_job;
    private static int s_chunkCount;
    private static int s_nextChunk;
    private static Exception? s_error;

    // True on workers and on a caller while it runs a job: a kernel called from inside a job
    // runs single-threaded instead of dispatching again (which would deadlock).
    [ThreadStatic] private static bool t_insideRun;

    /// <summary>
    /// How long a worker pause-spins for the next handoff: back-to-back kernels reach it at once.
    /// </summary>
    internal static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    /// <summary>
    /// How long a worker keeps polling, yielding now and then, before it blocks. It must
    /// outlast the single-threaded work between two parallel kernels of a training step (a ReLU
    /// over a batch of 28x28x16 maps takes ~0.5 ms): with 200 µs a DeepConvNet profile showed
    /// the worker asleep at most handoffs, and waking it (Monitor slow paths) cost ~4% of the
    /// run. The yields cost nothing on an idle core and hand a busy machine's core to whoever
    /// is runnable (often this process's own main thread) instead of burning it.
    /// </summary>
    internal static readonly long PollTicks = Stopwatch.Frequency / 1000; // 1 ms

    /// <summary>
    /// Threads the kernels may use, the caller included (at least 1). Defaults to
    /// <see cref="Environment.ProcessorCount"/>, or to <c>MODELGEN_THREADS</c> when set.
    /// Changing it never changes results, only speed.
    /// </summary>
    public static int ThreadCount
    {
        get => Volatile.Read(ref s_threadCount);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref s_threadCount, value);
        }
    }

    private static int InitialThreadCount()
    {
        string? text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (int.TryParse(text, out int n) && n >= 1)
        {
            return n;
        }

        return Math.Max(1, Environment.ProcessorCount);
    }

    /// <summary>
    /// How many threads a run of <paramref name="chunkCount"/> chunks would use now: 1 inside a
    /// job, otherwise up to <see cref="ThreadCount"/>.
    /// </summary>
    internal static int ParticipantsFor(int chunkCount) =>
        t_insideRun ? 1 : Math.Max(1, Math.Min(ThreadCount, chunkCount));

    /// <summary>
    /// Runs <c>job.Execute(chunk, participant)</c> for every chunk in [0, chunkCount) on at most
    /// <paramref name="participants"/> threads (the caller among them) and returns when all are
    /// done. The first exception thrown by any chunk is rethrown here, after every thread has
    /// stopped touching the job's memory.
    /// </summary>
    internal static void Run(ParallelJob job, int chunkCount, int participants)
    {
        if (chunkCount <= 0)
        {
            return;
        }

        participants = Math.Min(participants, chunkCount);
        if (participants <= 1 || t_insideRun)
        {
            RunInline(job, chunkCount);
            return;
        }

        lock (s_gate)
        {
            int helpers = participants - 1;
            EnsureWorkers(helpers);
            s_job = job;
            s_chunkCount = chunkCount;
            s_nextChunk = 0;
            s_error = null;
            for (int w = 0; w < helpers; w++)
            {
                s_workers[w].Signal(w + 1);
            }

            t_insideRun = true;
            try
            {
                RunChunks(0);
            }
            finally
            {
                t_insideRun = false;
                // A worker that has not picked the run up yet is told not to (the caller has
                // done its chunks); only the ones already running are waited for. So a busy
                // machine that deschedules a worker costs nothing but that worker's help.
                for (int w = 0; w < helpers; w++)
                {
                    s_workers[w].RevokeOrWait();
                }

                s_job = null;
            }

            if (s_error is { } error)
            {
                s_error = null;
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
    }

    private static void RunInline(ParallelJob job, int chunkCount)
    {
        bool outer = !t_insideRun;
        t_insideRun = true;
        try
        {
            for (int i = 0; i < chunkCount; i++)
            {
                job.Execute(i, 0);
            }
        }
        finally
        {
            if (outer)
            {
                t_insideRun = false;
            }
        }
    }

    /// <summary>Claims and runs chunks until none are left; called by the caller and the workers.</summary>
    internal static void RunChunks(int participant)
    {
        ParallelJob job = s_job!;
        int count = s_chunkCount;
        try
        {
            while (true)
            {
                int chunk = Interlocked.Increment(ref s_nextChunk) - 1;
                if (chunk >= count)
                {
                    break;
                }

                job.Execute(chunk, participant);
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref s_error, e, null);
            // Stop the others from claiming more chunks.
            Interlocked.Exchange(ref s_nextChunk, count);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count)
        {
            return;
        }

        var grown = new KernelWorker[count];
        Array.Copy(s_workers, grown, s_workers.Length);
        for (int i = s_workers.Length; i < count; i++)
        {
            grown[i] = new KernelWorker(i + 1);
        }

        s_workers = grown;
    }

    /// <summary>Marks the current thread as a worker for its whole life.</summary>
    internal static void MarkWorkerThread() => t_insideRun = true;
}
