using DiyNet.Data;
using System.Collections.Concurrent;
using DiyNet;

namespace DiyNet.Tests.Data.Download;

/// <summary>Records progress reports synchronously (Progress&lt;T&gt; would post them later, on the thread pool).</summary>
internal sealed class ProgressRecorder : IProgress<DownloadProgress>
{
    public ConcurrentQueue<DownloadProgress> Reports { get; } = new();

    public void Report(DownloadProgress value) => Reports.Enqueue(value);
}
