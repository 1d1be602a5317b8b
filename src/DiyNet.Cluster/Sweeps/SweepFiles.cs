using System.Text;

namespace DiyNet.Cluster;

/// <summary>Files of a sweep's output folder, written so that a reader never sees half a file.</summary>
internal static class SweepFiles
{
    public const string Spec = "sweep.json";
    public const string Journal = "trials.jsonl";

    /// <summary>Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/>, then renames it over.</summary>
    public static void WriteAtomic(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}
