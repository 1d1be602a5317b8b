using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace DiyNet.Tests.Packaging;

/// <summary>
/// What the packages hold: managed code only (no <c>runtimes/</c> folder, no native binary under any name), the
/// README, the licence expression, the XML docs, the implicit-usings props, and symbols with the sources embedded.
/// </summary>
[Collection(PackagingCollection.Name)]
public class PackageContentTests(PackedPackages packages, ITestOutputHelper output)
{
    [Theory]
    [InlineData("DiyNet")]
    [InlineData("DiyNet.Images")]
    [InlineData("DiyNet.Plots")]
    public void PackagesHoldManagedCodeOnly(string id)
    {
        string path = packages.Package(id);
        output.WriteLine($"{Path.GetFileName(path)}: {new FileInfo(path).Length / 1024.0:F0} KiB, " +
            $"{Path.GetFileName(packages.Package(id, "snupkg"))}: {new FileInfo(packages.Package(id, "snupkg")).Length / 1024.0:F0} KiB");
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            Assert.False(entry.FullName.StartsWith("runtimes/", StringComparison.OrdinalIgnoreCase), $"{id}: native asset folder entry {entry.FullName}");
            byte[] bytes = Read(entry);
            Assert.False(IsElfOrMachO(bytes), $"{id}: {entry.FullName} is an ELF or Mach-O binary");
            if (bytes.Length >= 2 && bytes[0] == 'M' && bytes[1] == 'Z')
            {
                using var pe = new PEReader(new MemoryStream(bytes));
                Assert.True(pe.HasMetadata, $"{id}: {entry.FullName} is a native PE binary (no CLI metadata)");
                Assert.True((pe.PEHeaders.CorHeader!.Flags & CorFlags.ILOnly) != 0, $"{id}: {entry.FullName} is not IL-only (mixed-mode)");
                Assert.Contains(pe.ReadDebugDirectory(), e => e.Type == DebugDirectoryEntryType.Reproducible);
            }
        }
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (string expected in new[] { $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml", "README.md", $"{id}.nuspec" })
            Assert.Contains(expected, names);
        Assert.DoesNotContain(names, n => n.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("DiyNet", "Google.Protobuf System.Numerics.Tensors")]
    [InlineData("DiyNet.Images", "DiyNet SixLabors.ImageSharp")]
    [InlineData("DiyNet.Plots", null)]
    public void TheNuspecNamesTheLicenceTheReadmeAndOnlyManagedDependencies(string id, string? dependency)
    {
        using var zip = ZipFile.OpenRead(packages.Package(id));
        var nuspec = XDocument.Load(zip.GetEntry($"{id}.nuspec")!.Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        var license = metadata.Element(ns + "license")!;
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.Equal(PackedPackages.Version, metadata.Element(ns + "version")?.Value);
        string[] dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(dependency is null ? [] : dependency.Split(' '), dependencies);
    }

    [Fact]
    public void TheImplicitUsingsPropsShipInBuildAndBuildTransitive()
    {
        using var zip = ZipFile.OpenRead(packages.Package("DiyNet"));
        string source = File.ReadAllText(RepositoryFiles.Path("src/DiyNet/build/DiyNet.props"));
        foreach (string folder in new[] { "build", "buildTransitive" })
        {
            var entry = zip.GetEntry($"{folder}/DiyNet.props");
            Assert.True(entry is not null, $"DiyNet.nupkg has no {folder}/DiyNet.props");
            using var reader = new StreamReader(entry.Open());
            Assert.Equal(source, reader.ReadToEnd());
        }
        string readme = new StreamReader(zip.GetEntry("README.md")!.Open()).ReadToEnd();
        Assert.Equal(ReadmeExample.FirstNetwork(File.ReadAllText(RepositoryFiles.Path("README.md"))), ReadmeExample.FirstNetwork(readme));
    }

    [Theory]
    [InlineData("DiyNet", "Tensors/Tensor.cs")]
    [InlineData("DiyNet.Plots", "LineChart.cs")]
    public void SymbolsComeAsAPortablePdbWithTheSourcesEmbedded(string id, string sourceFile)
    {
        using var zip = ZipFile.OpenRead(packages.Package(id, "snupkg"));
        var entry = zip.GetEntry($"lib/net10.0/{id}.pdb");
        Assert.True(entry is not null, $"{id}.snupkg has no lib/net10.0/{id}.pdb");
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Read(entry)));
        var pdb = provider.GetMetadataReader();
        var embeddedSource = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
        var document = pdb.Documents.Select(pdb.GetDocument)
            .Single(d => pdb.GetString(d.Name).Replace('\\', '/').EndsWith("/" + sourceFile, StringComparison.Ordinal));
        var handle = pdb.Documents.Single(h => pdb.GetDocument(h).Name == document.Name);
        Assert.Contains(pdb.GetCustomDebugInformation(handle), c => pdb.GetGuid(pdb.GetCustomDebugInformation(c).Kind) == embeddedSource);
    }

    [Fact]
    public void TheLibraryIsMarkedTrimmableForNativeAot()
    {
        foreach (var assembly in new[] { typeof(DiyNet.Tensors.Tensor).Assembly, typeof(DiyNet.Plots.LineChart).Assembly })
            Assert.Contains(assembly.GetCustomAttributes<AssemblyMetadataAttribute>(), a => a.Key == "IsTrimmable" && a.Value == "True");
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    // ELF (\x7fELF) and Mach-O (32/64-bit, either byte order, and universal) magic numbers.
    private static bool IsElfOrMachO(byte[] b)
    {
        if (b.Length < 4) return false;
        uint magic = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return magic is 0x7F454C46 or 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE or 0xCAFEBABE;
    }
}
