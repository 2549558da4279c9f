using System.Diagnostics;

namespace ModelGen.Kernels;

/// <summary>
/// One persistent background thread of <see cref="KernelThreads"/>. It spins briefly after
/// each job (so handoffs between back-to-back kernels are cheap) and then blocks on an event,
/// so an idle network burns no CPU.
/// </summary>
/// <remarks>
/// Each run moves <see cref="_state"/> from Signalled to either Started (the worker claimed it
/// first) or Revoked (the caller finished every chunk first). The caller waits only for a
/// Started worker, which is running and about to finish.
/// </remarks>
internal sealed class KernelWorker
{
    private const int Idle = 0;
    private const int Signalled = 1;
    private const int Started = 2;
    private const int Revoked = 3;

    private readonly ManualResetEventSlim _wake = new(false, 0);
    private int _generation;
    private int _participant;
    private int _state;

    public KernelWorker(int number)
    {
        var thread = new Thread(Loop)
        {
            IsBackground = true,
            Name = "ModelGen kernel worker " + number,
        };
        thread.Start();
    }

    /// <summary>Offers the current run to the worker as <paramref name="participant"/>.</summary>
    public void Signal(int participant)
    {
        _participant = participant;
        Volatile.Write(ref _state, Signalled);
        // The volatile increment publishes the job fields written before it.
        Volatile.Write(ref _generation, _generation + 1);
        _wake.Set();
    }

    /// <summary>Called by the caller after its own chunks: cancels the offer, or waits for the run to end.</summary>
    public void RevokeOrWait()
    {
        if (Interlocked.CompareExchange(ref _state, Revoked, Signalled) == Signalled)
        {
            return;
        }

        // The worker is running its last chunk: pause-spin for it (a yield could hand this
        // core to another process for a whole scheduler timeslice), and only yield if it is
        // taking very long, e.g. because the OS has descheduled it.
        long start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _state) != Idle)
        {
            if (Stopwatch.GetTimestamp() - start < KernelThreads.SpinTicks)
            {
                Thread.SpinWait(8);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private void Loop()
    {
        KernelThreads.MarkWorkerThread();
        int seen = 0;
        while (true)
        {
            seen = WaitForGeneration(seen);
            if (Interlocked.CompareExchange(ref _state, Started, Signalled) != Signalled)
            {
                continue; // The caller got there first.
            }

            KernelThreads.RunChunks(_participant);
            Volatile.Write(ref _state, Idle);
        }
    }

    private int WaitForGeneration(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        int polls = 0;
        while (true)
        {
            int generation = Volatile.Read(ref _generation);
            if (generation != seen)
            {
                return generation;
            }

            long elapsed = Stopwatch.GetTimestamp() - start;
            if (elapsed < KernelThreads.SpinTicks)
            {
                // Pause-spin only: yielding here was measured to cost whole scheduler timeslices
                // on a busy machine, so the worker missed back-to-back handoffs.
                Thread.SpinWait(8);
                continue;
            }

            if (elapsed < KernelThreads.PollTicks)
            {
                if ((++polls & 15) == 0)
                {
                    Thread.Yield();
                }
                else
                {
                    Thread.SpinWait(8);
                }

                continue;
            }

            // A Set() lost to this Reset() was preceded by a generation bump, which the
            // re-check at the top of the loop sees.
            _wake.Wait();
            _wake.Reset();
        }
    }
}
