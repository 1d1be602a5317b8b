using Xunit;

namespace DiyNet.Tests.Packaging;

/// <summary>
/// The DiyNet, DiyNet.Images and DiyNet.Plots packages, packed once per test run (<c>dotnet pack --no-build</c>, from the build the
/// tests run on) into a temporary folder that serves as a local NuGet feed.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    /// <summary>The package version of the repository (Directory.Build.props).</summary>
    public const string Version = "0.1.0";

    public PackedPackages()
    {
        Directory.CreateDirectory(Feed);
        foreach (string project in new[] { "src/DiyNet/DiyNet.csproj", "src/DiyNet.Images/DiyNet.Images.csproj", "src/DiyNet.Plots/DiyNet.Plots.csproj" })
            Dotnet.Run(RepositoryFiles.Root, TimeSpan.FromMinutes(3), null,
                "pack", RepositoryFiles.Path(project), "-c", Dotnet.Configuration, "--no-build", "-o", Feed, "--disable-build-servers");
    }

    /// <summary>The folder holding the .nupkg and .snupkg files.</summary>
    public string Feed { get; } = Path.Combine(Path.GetTempPath(), "diynet-feed-" + Guid.NewGuid().ToString("N"));

    /// <summary>The path of <c>{id}.{Version}.nupkg</c> (or .snupkg).</summary>
    public string Package(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Feed, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in the temp directory is harmless.
        }
    }
}
