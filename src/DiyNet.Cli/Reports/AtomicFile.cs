namespace DiyNet.Cli.Reports;

/// <summary>Writes files atomically: to a temporary file in the same folder, then renamed over the target.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string tmp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            File.WriteAllText(tmp, text);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
