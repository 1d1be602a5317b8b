using System.Diagnostics;

namespace DiyNet.Kernels;

/// <summary>
/// A cheap fork/join for kernels: persistent background workers that spin for a short while after each job (so
/// the back-to-back products of a training step find them awake) and then sleep. <see cref="Run"/> hands out
/// numbered parts; the caller works on them too and returns when all are done. Nothing is allocated per call.
/// </summary>
/// <remarks>
/// Which thread runs which part is not fixed, so a kernel must make each part's result independent of that:
/// parts are disjoint output blocks. A call made while another is in flight (another caller thread, or a kernel
/// calling a kernel) runs all its parts on its own thread.
/// </remarks>
internal static unsafe class KernelThreads
{
    private const long SpinMicroseconds = 200;

    private static readonly object Gate = new();
    private static readonly long SpinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
    private static Thread[] _workers = [];
    private static int _busy;            // 1 while a job is in flight
    private static int _generation;      // incremented to publish a job
    private static int _sleepers;        // workers blocked on Gate
    private static long _claim;          // (generation << 32) | next part index
    private static int _remaining;       // parts not finished yet
    private static delegate*<void*, int, void> _body;
    private static void* _state;
    private static int _parts;

    /// <summary>Items [<paramref name="first"/>, <paramref name="last"/>) of part <paramref name="part"/> when
    /// <paramref name="count"/> items are cut into <paramref name="parts"/> nearly equal runs (the cut depends only on
    /// the counts, never on the threads).</summary>
    internal static void PartRange(int count, int parts, int part, out int first, out int last)
    {
        first = (int)((long)count * part / parts);
        last = (int)((long)count * (part + 1) / parts);
    }

    /// <summary>Rows [<paramref name="start"/>, <paramref name="end"/>) of part <paramref name="part"/> when
    /// <paramref name="rows"/> rows are cut into <paramref name="parts"/> runs of whole units of <paramref name="unit"/>
    /// rows (the last unit may be short), as nearly equal as the units allow.</summary>
    internal static void RowRange(int rows, int unit, int parts, int part, out int start, out int end)
    {
        PartRange((rows + unit - 1) / unit, parts, part, out int first, out int last);
        start = Math.Min(rows, first * unit);
        end = Math.Min(rows, last * unit);
    }

    /// <summary>
    /// Runs <c>body(state, part)</c> for every part in [0, <paramref name="parts"/>) on up to
    /// <see cref="KernelSettings.MaxThreads"/> threads, the caller included, and returns when all have finished.
    /// </summary>
    internal static void Run(int parts, delegate*<void*, int, void> body, void* state)
    {
        int threads = Math.Min(KernelSettings.MaxThreads, parts);
        if (threads <= 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < parts; i++) body(state, i);
            return;
        }
        try
        {
            EnsureWorkers(threads - 1);
            _body = body;
            _state = state;
            _parts = parts;
            Volatile.Write(ref _remaining, parts);
            int generation = _generation + 1;
            Volatile.Write(ref _claim, (long)generation << 32);
            Interlocked.Exchange(ref _generation, generation);   // publishes the job (full fence)
            if (Volatile.Read(ref _sleepers) != 0)
                lock (Gate) Monitor.PulseAll(Gate);
            Work(generation, body, state, parts);
            var spinner = new SpinWait();
            while (Volatile.Read(ref _remaining) != 0) spinner.SpinOnce(-1);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    // Claims parts of job `generation` until none is left.
    private static void Work(int generation, delegate*<void*, int, void> body, void* state, int parts)
    {
        while (true)
        {
            long seen = Volatile.Read(ref _claim);
            if ((int)(seen >> 32) != generation) return;
            int index = (int)seen;
            if (index >= parts) return;
            if (Interlocked.CompareExchange(ref _claim, seen + 1, seen) != seen) continue;
            body(state, index);
            Interlocked.Decrement(ref _remaining);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (_workers.Length >= count) return;
        lock (Gate)
        {
            if (_workers.Length >= count) return;
            var grown = new Thread[count];
            Array.Copy(_workers, grown, _workers.Length);
            for (int i = _workers.Length; i < count; i++)
            {
                grown[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"DiyNet kernel worker {i + 1}" };
                grown[i].Start();
            }
            _workers = grown;
        }
    }

    private static void WorkerLoop()
    {
        int seen = Volatile.Read(ref _generation);
        while (true)
        {
            seen = WaitForJob(seen);
            // The job fields were written before the generation was published; a stale read is harmless because
            // every claim is checked against `seen`.
            Work(seen, _body, _state, _parts);
        }
    }

    private static int WaitForJob(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        while (true)
        {
            int g = Volatile.Read(ref _generation);
            if (g != seen) return g;
            if (Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                spinner.SpinOnce(-1);
                continue;
            }
            lock (Gate)
            {
                Interlocked.Increment(ref _sleepers);
                while (Volatile.Read(ref _generation) == seen) Monitor.Wait(Gate);
                Interlocked.Decrement(ref _sleepers);
            }
            spinner.Reset();
            start = Stopwatch.GetTimestamp();
        }
    }
}
