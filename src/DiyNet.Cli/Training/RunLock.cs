namespace DiyNet.Cli.Training;

/// <summary>
/// Holds an output folder for one <c>diynet train</c>: the file <c>.lock</c> in it, opened exclusively (an advisory
/// lock the operating system drops when the process ends, even when killed), and <c>.lock.pid</c> beside it naming the
/// holder. A second run into the same folder is refused with <see cref="RunFolderBusyException"/> instead of both
/// writing into it.
/// </summary>
internal sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _pidFile;

    private RunLock(FileStream stream, string pidFile)
    {
        _stream = stream;
        _pidFile = pidFile;
    }

    /// <summary>The lock file's name inside the output folder.</summary>
    public const string FileName = ".lock";

    /// <summary>Takes the folder (created if missing).</summary>
    /// <exception cref="RunFolderBusyException">Another run holds it.</exception>
    public static RunLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName), pidFile = path + ".pid";
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            string holder = "another process";
            try
            {
                string pid = File.ReadAllText(pidFile).Trim();
                if (pid.Length > 0) holder = $"process {pid}";
            }
            catch (IOException)
            {
                // The holder's id is only a courtesy in the message.
            }
            throw new RunFolderBusyException($"{folder} is being written by another diynet train ({holder}); wait for it to end or choose another --out.");
        }
        File.WriteAllText(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new RunLock(stream, pidFile);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        File.Delete(_pidFile);
        _stream.Dispose();
    }
}
