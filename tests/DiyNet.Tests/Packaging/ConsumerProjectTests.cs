using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace DiyNet.Tests.Packaging;

/// <summary>
/// What the README's "Install" section tells a user to do, done by a project outside the solution: a new console
/// project in a temporary folder, a nuget.config that adds the folder of freshly packed packages to the machine's
/// own package sources, a reference to DiyNet, and the README's example as Program.cs with no <c>using</c> line;
/// <c>dotnet run</c> must build it and print a good test accuracy.
/// </summary>
[Collection(PackagingCollection.Name)]
public partial class ConsumerProjectTests(PackedPackages packages, ITestOutputHelper output)
{
    [Fact]
    public void ANewProjectTakesDiyNetFromAFolderFeedAndRunsTheReadmeExample()
    {
        string root = Path.Combine(Path.GetTempPath(), "diynet-consumer-" + Guid.NewGuid().ToString("N"));
        string project = Path.Combine(root, "FirstNetwork");
        Directory.CreateDirectory(project);
        try
        {
            // The sources: the folder feed, then (inherited, no <clear/>) the machine's own sources. The restore goes to a
            // packages folder of its own, so that no earlier DiyNet 0.1.0 in the machine's cache stands in for the fresh
            // one; the machine's cache is read as one more local feed, so nothing already there is downloaded again.
            var config = new XElement("configuration",
                new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", Path.Combine(root, "packages")))),
                new XElement("packageSources",
                    new XElement("add", new XAttribute("key", "diynet-local"), new XAttribute("value", packages.Feed)),
                    new XElement("add", new XAttribute("key", "machine-cache"), new XAttribute("value", MachinePackagesFolder()))));
            config.Save(Path.Combine(project, "nuget.config"));
            File.WriteAllText(Path.Combine(project, "FirstNetwork.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="DiyNet" Version="{PackedPackages.Version}" />
                  </ItemGroup>
                </Project>
                """);
            string example = ReadmeExample.FirstNetwork(File.ReadAllText(RepositoryFiles.Path("README.md")));
            Assert.DoesNotContain("using ", example);
            File.WriteAllText(Path.Combine(project, "Program.cs"), example);

            var clock = Stopwatch.StartNew();
            string text = Dotnet.Run(project, TimeSpan.FromMinutes(4), null, "run", "-c", "Release", "--disable-build-servers");
            output.WriteLine($"dotnet run (restore, build, run) took {clock.Elapsed.TotalSeconds:F1} s");
            output.WriteLine(text);

            Assert.Contains("Sequential(", text);
            var match = Accuracy().Match(text);
            Assert.True(match.Success, $"no \"test accuracy\" line in the output:\n{text}");
            double accuracy = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(accuracy > 0.95, $"test accuracy {accuracy} (seed 1), expected > 0.95");
            string restored = Path.Combine(root, "packages", "diynet", PackedPackages.Version, $"diynet.{PackedPackages.Version}.nupkg");
            Assert.True(File.Exists(restored) && File.ReadAllBytes(restored).AsSpan().SequenceEqual(File.ReadAllBytes(packages.Package("DiyNet"))),
                "the project did not restore the freshly packed DiyNet from the folder feed");
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover folder in the temp directory is harmless.
            }
        }
    }

    // The machine's global packages folder: NUGET_PACKAGES, else ~/.nuget/packages.
    private static string MachinePackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    [GeneratedRegex(@"test accuracy (\d+\.\d+)")]
    private static partial Regex Accuracy();
}
