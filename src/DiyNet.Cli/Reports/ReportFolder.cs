namespace DiyNet.Cli.Reports;

/// <summary>
/// The output folder of a run, held for the run's length: a lock file refuses a second report into the same folder,
/// and the previous run's <c>report.md</c> and figures are removed before anything is written, so that an interrupted
/// or failed run never leaves a report that looks complete over figures of another run (the new report is written
/// last, atomically).
/// </summary>
internal sealed class ReportFolder : IDisposable
{
    /// <summary>The lock file's name in the output folder.</summary>
    public const string LockName = ".diynet-report.lock";

    private readonly FileStream _lock;

    private ReportFolder(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>
    /// Takes the folder for a run: creates it, takes its lock, and clears the previous report and figures. Returns null
    /// with <paramref name="error"/> set when another run holds it.
    /// </summary>
    public static ReportFolder? TryTake(string path, out string? error)
    {
        Directory.CreateDirectory(path);
        string lockPath = System.IO.Path.Combine(path, LockName);
        FileStream lockFile;
        try
        {
            // FileShare.None is a lock the operating system releases when the process ends, even when it is killed.
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            error = $"output folder '{path}' is in use by another report ({LockName} is held); wait for it to end or give another --out.";
            return null;
        }
        error = null;
        ClearPrevious(path);
        return new ReportFolder(path, lockFile);
    }

    // The report goes first: from here until the new one is written, the folder holds no report at all.
    private static void ClearPrevious(string path)
    {
        File.Delete(System.IO.Path.Combine(path, "report.md"));
        string figures = System.IO.Path.Combine(path, "figures");
        if (!Directory.Exists(figures)) return;
        foreach (string svg in Directory.EnumerateFiles(figures, "*.svg")) File.Delete(svg);
    }

    /// <summary>Releases the lock (and deletes the lock file).</summary>
    public void Dispose() => _lock.Dispose();
}
