using System.Net;

namespace DiyNet.Cli.Serving;

/// <summary>
/// Where <c>diynet serve</c> listens and what it accepts: the address and port, the largest request body and the most
/// rows a request may hold. Larger requests are answered 400 before any work is done for them.
/// </summary>
internal sealed record ServeOptions
{
    /// <summary>The default <see cref="MaxBodyBytes"/>: 1 MiB, about 100 rows of 784 pixels written with 9 digits.</summary>
    public const long DefaultMaxBodyBytes = 1 << 20;

    /// <summary>The default <see cref="MaxRows"/>.</summary>
    public const int DefaultMaxRows = 1024;

    /// <summary>The address to listen on (default the loopback 127.0.0.1: the server is not reachable from other machines).</summary>
    public IPAddress Host { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 lets the system choose a free one (the address is printed once listening).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The largest request body accepted, in bytes.</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>The most rows one <c>POST /predict</c> may hold.</summary>
    public int MaxRows { get; init; } = DefaultMaxRows;

    /// <summary>Checks the values, naming the option at fault.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentException($"--port {Port}: expected a port from 0 (any free port) to 65535.");
        if (MaxBodyBytes < 16) throw new ArgumentException($"--max-body-bytes {MaxBodyBytes}: expected at least 16 bytes.");
        if (MaxRows < 1) throw new ArgumentException($"--max-rows {MaxRows}: expected a whole number ≥ 1.");
    }

    /// <summary>Reads <c>--host</c>: an IPv4 or IPv6 address, or <c>localhost</c> (127.0.0.1).</summary>
    /// <exception cref="ArgumentException">The text is not an address.</exception>
    public static IPAddress ParseHost(string text)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        if (IPAddress.TryParse(text, out var address)) return address;
        throw new ArgumentException($"--host '{text}': expected an IP address such as 127.0.0.1 (the loopback, the default), 0.0.0.0 (every interface) or ::1.");
    }
}
