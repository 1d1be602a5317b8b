using DiyNet.Kernels;
using DiyNet.Modules;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace DiyNet.Optimization;

/// <summary>
/// Parameters cut into ranges of at most <see cref="DefaultRangeFloats"/> consecutive values (a smaller parameter is one
/// range), for the passes of an update that run on the kernel threads: the finiteness check of the gradients and the
/// rule. The cut depends only on the parameters' sizes, and every pass is elementwise, so the results do not depend
/// on the thread count.
/// </summary>
internal sealed unsafe class ParameterRanges
{
    /// <summary>Values per range at most, by default (64 KiB of floats: a range, its gradient and its state stay in a
    /// core's cache).</summary>
    internal const int DefaultRangeFloats = 1 << 14;

    /// <summary>Parameters holding fewer values than this are updated by the calling thread alone.</summary>
    internal const int ParallelMinFloats = 1 << 15;

    private readonly Range[] _ranges;
    private readonly int _floats;
    private object? _target;
    private delegate*<object, Range, void> _body;
    private Exception? _failure;

    /// <summary>One range: values [<see cref="Offset"/>, <see cref="Offset"/> + <see cref="Length"/>) of parameter <see cref="Index"/>.</summary>
    internal readonly record struct Range(int Index, int Offset, int Length);

    /// <summary>Cuts <paramref name="parameters"/> into ranges of at most <paramref name="rangeFloats"/> values.</summary>
    public ParameterRanges(IReadOnlyList<Parameter> parameters, int rangeFloats = DefaultRangeFloats)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rangeFloats);
        var ranges = new List<Range>();
        for (int i = 0; i < parameters.Count; i++)
        {
            int length = parameters[i].Value.Length;
            for (int offset = 0, size; offset < length; offset += size)
            {
                size = Math.Min(rangeFloats, length - offset);
                ranges.Add(new Range(i, offset, size));
            }
            _floats += length;
        }
        _ranges = [.. ranges];
    }

    /// <summary>
    /// Runs <c>body(target, range)</c> for every range, on the kernel threads (the calling thread among them) when the
    /// parameters hold <see cref="ParallelMinFloats"/> values or more; returns when all have run, rethrowing the first
    /// exception a body threw (the other ranges still ran). On the calling thread alone, an exception ends the loop.
    /// </summary>
    public void Run(object target, delegate*<object, Range, void> body)
    {
        if (_floats < ParallelMinFloats || KernelSettings.MaxThreads == 1)
        {
            for (int i = 0; i < _ranges.Length; i++) body(target, _ranges[i]);
            return;
        }
        _target = target;
        _body = body;
        _failure = null;
        var handle = GCHandle.Alloc(this);
        try
        {
            KernelThreads.Run(_ranges.Length, &RunRange, (void*)GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
            _target = null;
        }
        if (_failure is { } failure)
        {
            _failure = null;
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    // A body runs on whichever kernel thread claims its range: an exception is kept for the caller, never left to end
    // a worker thread (and the process).
    private static void RunRange(void* state, int part)
    {
        var self = (ParameterRanges)GCHandle.FromIntPtr((nint)state).Target!;
        try
        {
            self._body(self._target!, self._ranges[part]);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref self._failure, e, null);
        }
    }
}
