using System.Text.Json;
using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace DiyNet.Tests.Serialization;

/// <summary>
/// Files made by PyTorch (tools/torch_exchange.py: a torch model built from the architecture, its state_dict written
/// as safetensors, its outputs in float64) load into DiyNet with the same outputs, and DiyNet's export gives back
/// torch's tensors exactly.
/// </summary>
public class PyTorchExchangeTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Networks => new("mlp", "cnn-flatten", "conv1d", "conv-autoencoder");

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "PyTorch", name);

    internal static Tensor ReadTensor(JsonElement e) =>
        Tensor.FromArray([.. e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle())],
            [.. e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())]);

    /// <summary>The largest <c>|a − b| / max(|b|, 0.01·max|b|)</c>.</summary>
    internal static double RelativeError(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.ShapeString, actual.ShapeString);
        double floor = 0.01 * expected.Span.ToArray().Max(v => Math.Abs((double)v)), worst = 0;
        for (int i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs(actual.Span[i] - (double)expected.Span[i]) / Math.Max(Math.Abs((double)expected.Span[i]), floor));
        return worst;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ATorchMadeFileLoadsWithTorchsOutputs(string name)
    {
        var net = Module.Load(Fixture(name + ".safetensors"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture(name + ".json")));
        var input = ReadTensor(doc.RootElement.GetProperty("input"));
        var expected = ReadTensor(doc.RootElement.GetProperty("output"));
        double error = RelativeError(net.Forward(input), expected);
        output.WriteLine($"{name}: worst relative difference from PyTorch {error:E2}");
        Assert.True(error <= Tolerance, $"{name}: DiyNet differs from PyTorch by {error:E2} relative");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void DiyNetsExportGivesBackTorchsTensorsExactly(string name)
    {
        var file = SafeTensors.Read(Fixture(name + ".safetensors"));
        var net = Module.Load(Fixture(name + ".safetensors"));
        var exported = PyTorchLayout.Export(net);
        Assert.Equal(file.Tensors.Select(t => t.Key).Order(), exported.Keys.Order());
        foreach (var (key, torch) in file.Tensors)
        {
            Assert.Equal(torch.ShapeString, exported[key].ShapeString);
            Assert.Equal(torch.Span.ToArray(), exported[key].Span.ToArray());
        }
    }

    [Fact]
    public void LoadWeightsReadsATorchFileIntoANetworkBuiltInCode()
    {
        var net = new Sequential(new Linear(20, 16), new ReLU(), new Linear(16, 8), new TanH(), new Linear(8, 4), new LogSoftmax());
        net.LoadWeights(Fixture("mlp.safetensors"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("mlp.json")));
        double error = RelativeError(net.Forward(ReadTensor(doc.RootElement.GetProperty("input"))), ReadTensor(doc.RootElement.GetProperty("output")));
        Assert.True(error <= Tolerance, $"mlp: {error:E2}");
    }
}
