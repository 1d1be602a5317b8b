using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Tensors;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Serialization;

public class ModelFileTests
{
    public static TheoryData<string> Cases => new(ModuleZoo.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryBuiltInModuleSavesAndLoadsBitIdentical(string name)
    {
        var (module, input) = ModuleZoo.Cases[name]();
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Root, "net.safetensors");
        module.Save(path);

        var loaded = Module.Load(path);
        Assert.True(loaded.IsTraining);
        loaded.Train(module.IsTraining);
        Assert.Equal(module.ToString(), loaded.ToString());
        var expected = module.StateDict();
        foreach (var (key, t) in loaded.StateDict())
            Assert.Equal(expected[key].Span.ToArray(), t.Span.ToArray());
        Assert.Equal(module.Forward(input).Span.ToArray(), loaded.Forward(input).Span.ToArray());

        var (fresh, _) = ModuleZoo.Cases[name]();
        foreach (var p in fresh.Parameters) p.Value.Span.Fill(0.5f);
        fresh.LoadWeights(path);
        fresh.Train(module.IsTraining);
        Assert.Equal(module.Forward(input).Span.ToArray(), fresh.Forward(input).Span.ToArray());
    }

    [Fact]
    public void TheMetadataHoldsTheFormatVersionAndTheArchitecture()
    {
        var net = new Sequential(new Linear(3, 2, random: new Random(1)), new Sigmoid());
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Root, "sub", "net.safetensors");
        net.Save(path);
        var file = SafeTensors.Read(path);
        Assert.Equal("diynet", file.Metadata["format"]);
        Assert.Equal("1", file.Metadata["format_version"]);
        Assert.Equal("diynet", file.Metadata["layout"]);
        Assert.Equal(ModuleSpec.Of(net).ToJson(), file.Metadata["architecture"]);
        Assert.Equal(ModuleSpec.Of(net).ToJson(), ModelFile.ReadArchitecture(path).ToJson());
    }

    private static string Write(TempFolder folder, string architecture, string version = "1")
    {
        string path = Path.Combine(folder.Root, Guid.NewGuid().ToString("N") + ".safetensors");
        SafeTensors.Write(path, [new("weight", new Tensor(2, 2)), new("bias", new Tensor(2))], new Dictionary<string, string>
        {
            ["format"] = "diynet", ["format_version"] = version, ["architecture"] = architecture,
        });
        return path;
    }

    [Fact]
    public void ANewerFormatVersionIsRefusedNamingBothVersions()
    {
        using var folder = new TempFolder();
        string path = Write(folder, """{"type":"Linear","args":{"inputDim":2,"outputDim":2}}""", version: "7");
        var e = Assert.Throws<ModelFileException>(() => Module.Load(path));
        Assert.Equal(ModelFileProblem.NewerVersion, e.Problem);
        Assert.Contains("format version 7; this DiyNet reads format version 1", e.Message);
        Assert.Throws<ModelFileException>(() => new Linear(2, 2).LoadWeights(path));
    }

    [Fact]
    public void AnUnknownModuleTypeIsRefused()
    {
        using var folder = new TempFolder();
        string path = Write(folder, """{"type":"System.Diagnostics.Process","args":{}}""");
        var e = Assert.Throws<ModelFileException>(() => Module.Load(path));
        Assert.Equal(ModelFileProblem.UnknownModuleType, e.Problem);
        Assert.Contains("Unknown module type 'System.Diagnostics.Process'", e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void AnArchitectureThatIsNotJsonOrAbsentIsRefused()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<ModelFileException>(() => Module.Load(Write(folder, "{nope")));
        Assert.Equal(ModelFileProblem.BadArchitecture, e.Problem);
        string bare = Path.Combine(folder.Root, "bare.safetensors");
        SafeTensors.Write(bare, [new("weight", new Tensor(2, 2))]);
        e = Assert.Throws<ModelFileException>(() => Module.Load(bare));
        Assert.Contains("no architecture", e.Message);
    }

    [Fact]
    public void TensorsThatDoNotFitTheArchitectureAreListedAndTheNetworkIsUntouched()
    {
        using var folder = new TempFolder();
        string path = Write(folder, """{"type":"Linear","args":{"inputDim":2,"outputDim":2}}""");
        var e = Assert.Throws<ModelFileException>(() => Module.Load(Write(folder, """{"type":"Linear","args":{"inputDim":3,"outputDim":2}}""")));
        Assert.Equal(ModelFileProblem.WrongTensors, e.Problem);
        Assert.Contains("weight: expected (3, 2), got (2, 2)", e.Message);

        var net = new Sequential(new Linear(2, 2, random: new Random(1)), new Linear(2, 2, random: new Random(2)));
        var before = net.StateDict().Values.SelectMany(t => t.Span.ToArray()).ToArray();
        e = Assert.Throws<ModelFileException>(() => net.LoadWeights(path));
        Assert.Contains("missing keys [0.weight, 0.bias, 1.weight, 1.bias]", e.Message);
        Assert.Contains("unexpected keys [weight, bias]", e.Message);
        Assert.Equal(before, net.StateDict().Values.SelectMany(t => t.Span.ToArray()).ToArray());

        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^3]);
        Assert.Throws<ModelFileException>(() => net.LoadWeights(path));
        Assert.Equal(before, net.StateDict().Values.SelectMany(t => t.Span.ToArray()).ToArray());
    }
}
