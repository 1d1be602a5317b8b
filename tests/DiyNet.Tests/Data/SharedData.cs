namespace DiyNet.Tests.Data;

/// <summary>
/// Locates the repository's shared data folder (<c>shared/data</c> beside the clone): the DIYNET_SHARED variable
/// when set, else the first ancestor of the test binaries that has a <c>shared/data</c> child.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Locate()
    {
        string? env = Environment.GetEnvironmentVariable("DIYNET_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            string candidate = Directory.Exists(System.IO.Path.Combine(env, "data")) ? System.IO.Path.Combine(env, "data") : env;
            if (Directory.Exists(candidate)) return candidate;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"shared/data not found above {AppContext.BaseDirectory}; clone the repository with shared/ beside it or set DIYNET_SHARED.");
    }
}
