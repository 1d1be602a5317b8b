namespace DiyNet.Data;

/// <summary>Where downloaded data sets are kept.</summary>
public static class DataCache
{
    /// <summary>The environment variable that overrides <see cref="DefaultDirectory"/>.</summary>
    public const string EnvironmentVariable = "DIYNET_DATA";

    /// <summary>
    /// <c>$DIYNET_DATA</c> when set, else <c>$XDG_CACHE_HOME/diynet</c>, else <c>~/.cache/diynet</c>
    /// (on Windows, the local application data folder).
    /// </summary>
    public static string DefaultDirectory
    {
        get
        {
            string? explicitDir = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "diynet");
            if (OperatingSystem.IsWindows())
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "diynet");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "diynet");
        }
    }
}
