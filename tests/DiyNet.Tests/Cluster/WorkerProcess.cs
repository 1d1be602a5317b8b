using System.Diagnostics;
using System.Text;

namespace DiyNet.Tests.Cluster;

/// <summary>A <c>diynet-cluster worker</c> process started by a test: the process, its silo port and its output so far.</summary>
/// <param name="Process">The running <c>dotnet diynet-cluster.dll worker …</c>.</param>
/// <param name="SiloPort">Its silo port on 127.0.0.1 (its endpoint is 127.0.0.1:SiloPort).</param>
/// <param name="Log">Its standard output and error, lines appended as they come (lock it to read).</param>
internal sealed record WorkerProcess(Process Process, int SiloPort, StringBuilder Log)
{
    /// <summary>The output so far, for failure messages.</summary>
    public override string ToString()
    {
        lock (Log) return $"worker on port {SiloPort}:\n{Log}";
    }
}
