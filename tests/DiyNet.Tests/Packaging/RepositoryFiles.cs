namespace DiyNet.Tests.Packaging;

/// <summary>Paths in the repository the tests were built from (found by walking up to DiyNet.slnx).</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of a file given relative to the root.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "DiyNet.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No DiyNet.slnx above {AppContext.BaseDirectory}.");
    }
}
