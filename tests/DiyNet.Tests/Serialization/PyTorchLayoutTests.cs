using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Serialization;

public class PyTorchLayoutTests
{
    public static TheoryData<string> Cases => new(ModuleZoo.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExportThenImportGivesBackEveryTensor(string name)
    {
        var (module, input) = ModuleZoo.Cases[name]();
        var torch = PyTorchLayout.Export(module);
        var back = PyTorchLayout.Import(module, torch);
        foreach (var (key, t) in module.StateDict()) Assert.Equal(t.Span.ToArray(), back[key].Span.ToArray());

        using var folder = new TempFolder();
        string path = Path.Combine(folder.Root, "torch.safetensors");
        module.SaveForPyTorch(path);
        Assert.Equal("pytorch", SafeTensors.Read(path).Metadata["layout"]);
        var loaded = Module.Load(path);
        loaded.Train(module.IsTraining);
        Assert.Equal(module.Forward(input).Span.ToArray(), loaded.Forward(input).Span.ToArray());
    }

    [Fact]
    public void TensorsTakeTorchShapes()
    {
        var net = new Sequential(new Conv2D(3, 2, 5, random: new Random(1)), new ConvTranspose2D(4, 5, 3, random: new Random(2)),
            new Conv1D(3, 2, 4, random: new Random(3)), new ConvTranspose1D(2, 4, 6, random: new Random(4)), new Linear(7, 8, random: new Random(5)));
        var torch = PyTorchLayout.Export(net);
        Assert.Equal("(5, 2, 3, 3)", torch["0.weight"].ShapeString);
        Assert.Equal("(5, 3, 4, 4)", torch["1.weight"].ShapeString);
        Assert.Equal("(4, 2, 3)", torch["2.weight"].ShapeString);
        Assert.Equal("(4, 6, 2)", torch["3.weight"].ShapeString);
        Assert.Equal("(8, 7)", torch["4.weight"].ShapeString);
        var conv = (Conv2D)net[0];
        Assert.Equal(conv.Weight.Value[2, 1, 0, 4], torch["0.weight"][4, 0, 2, 1]);
        var linear = (Linear)net[4];
        Assert.Equal(linear.Weight.Value[6, 3], torch["4.weight"][3, 6]);
    }

    [Fact]
    public void TheLinearAfterAChannelsLastFlattenTakesTorchsChannelPositionOrder()
    {
        // (N, 2, 2, 3) flattened: DiyNet feature p·3 + c, torch feature c·4 + p.
        var net = new Sequential(new Conv2D(1, 1, 3, random: new Random(1)), new Flatten(), new ReLU(), new Linear(12, 2, random: new Random(2)));
        var w = ((Linear)net[3]).Weight.Value;
        var torch = PyTorchLayout.Export(net)["3.weight"];
        for (int p = 0; p < 4; p++)
        for (int c = 0; c < 3; c++)
            Assert.Equal(w[p * 3 + c, 1], torch[1, c * 4 + p]);
    }

    [Fact]
    public void TheLinearBeforeAChannelsLastUnflattenTakesTorchsChannelPositionOrder()
    {
        var net = new Sequential(new Linear(2, 8, random: new Random(1)), new ReLU(), new Unflatten(2, 2, 2), new Conv2D(1, 2, 1, random: new Random(2)));
        var linear = (Linear)net[0];
        var torch = PyTorchLayout.Export(net);
        for (int p = 0; p < 4; p++)
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(linear.Weight.Value[1, p * 2 + c], torch["0.weight"][c * 4 + p, 1]);
            Assert.Equal(linear.Bias!.Value[p * 2 + c], torch["0.bias"][c * 4 + p]);
        }
    }

    [Fact]
    public void ATorchTensorOfTheWrongShapeIsNamed()
    {
        var net = new Linear(3, 2);
        var torch = PyTorchLayout.Export(net);
        torch["weight"] = new DiyNet.Tensors.Tensor(3, 2);
        var e = Assert.Throws<StateDictException>(() => PyTorchLayout.Import(net, torch));
        Assert.Contains("weight: expected torch shape (2, 3), got (3, 2)", e.Message);
    }
}
