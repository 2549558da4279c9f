using System.Diagnostics;

namespace ModelGen.Kernels;

/// <summary>
/// One persistent background thread of <see cref="KernelThreads"/>. It spins briefly after
/// each job (handoffs between back-to-back kernels then cost well under a microsecond) and
/// then blocks on an event so an idle network burns no CPU.
/// </summary>
internal sealed class KernelWorker
{
    private readonly ManualResetEventSlim _wake = new(false, 0);
    private int _generation;
    private int _participant;

    public KernelWorker(int number)
    {
        var thread = new Thread(Loop)
        {
            IsBackground = true,
            Name = "ModelGen kernel worker " + number,
        };
        thread.Start();
    }

    /// <summary>Starts the worker on the current job as <paramref name="participant"/>.</summary>
    public void Signal(int participant)
    {
        _participant = participant;
        // The volatile increment publishes the job fields written before it.
        Volatile.Write(ref _generation, _generation + 1);
        _wake.Set();
    }

    private void Loop()
    {
        KernelThreads.MarkWorkerThread();
        int seen = 0;
        while (true)
        {
            seen = WaitForGeneration(seen);
            KernelThreads.RunChunks(_participant);
            KernelThreads.WorkerFinished();
        }
    }

    private int WaitForGeneration(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            int generation = Volatile.Read(ref _generation);
            if (generation != seen)
            {
                return generation;
            }

            if (Stopwatch.GetTimestamp() - start < KernelThreads.SpinTicks)
            {
                Thread.SpinWait(8);
                continue;
            }

            // A Set() lost to this Reset() was preceded by a generation bump, which the
            // re-check at the top of the loop sees.
            _wake.Wait();
            _wake.Reset();
        }
    }
}
