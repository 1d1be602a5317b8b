using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Tensors;
using DiyNet.Tests.Cli.Train;
using DiyNet.Tests.Data;
using DiyNet.Tests.Serialization;
using Xunit;

namespace DiyNet.Tests.Cli;

/// <summary>
/// <c>diynet export --format onnx</c> run as a process (again against the Native AOT executable under CI): a model
/// trained by <c>diynet train</c> becomes an ONNX model that ONNX Runtime runs with DiyNet's outputs, input scaling
/// included; any model file with <c>--input-shape</c>; bad shapes and files exit 2 with one line.
/// </summary>
[Trait(TestGroup.Name, TestGroup.Cli)]
public class ExportOnnxCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void ATrainedModelExportsToOnnxAndRunsInOnnxRuntimeWithItsScaling()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        string run = Path.Combine(dir.Root, "run");
        var train = CliProcess.Run(Timeout, dir.Root, "train", "--model", "Linear(_,8) ReLU Linear(8,_)", "--data", data, "--target", "kind",
            "--features", "x,y", "--epochs", "3", "--out", run);
        Assert.True(train.ExitCode == 0, train.Error + train.Output);
        string model = Path.Combine(run, "best.safetensors");
        string onnx = Path.Combine(dir.Root, "blobs.onnx");

        var export = CliProcess.Run(Timeout, dir.Root, "export", "--model", model, "--format", "onnx", "--output", onnx);
        Assert.True(export.ExitCode == 0, export.Error + export.Output);
        Assert.Contains($"input (N, 2), ONNX opset {OnnxExport.Opset}", export.Output);
        Assert.Contains("wrote " + onnx, export.Output);

        var net = Module.Load(model);
        net.Eval();
        Assert.IsType<FeatureScaling>(((Sequential)net).Children[0]);
        var rows = Tensor.FromArray([0.1f, -0.2f, 4.2f, 0.3f, 2.1f, 3.4f, -1f, 5f], 4, 2); // raw features: the model scales them
        using var runner = new OnnxRuntimeRunner(onnx);
        Assert.Equal([-1, 2], runner.Input.Dims);
        Assert.Equal([-1, 3], runner.Output.Dims);
        double error = PyTorchExchangeTests.RelativeError(runner.Run(rows), net.Forward(rows).Clone());
        Assert.True(error <= 1e-5, $"ONNX Runtime differs from DiyNet by {error:E2}");
    }

    [Fact]
    public void AnyModelFileExportsWithItsInputShapeAndBadInputsExitWithCodeTwo()
    {
        using var dir = new TempFolder();
        string model = Path.Combine(dir.Root, "cnn.safetensors");
        new Sequential(new Conv2D(3, 1, 2, padding: 1, random: new Random(1)), new ReLU(), new MaxPool2D(2), new Flatten(),
            new Linear(18, 4, random: new Random(2))).Save(model);
        string onnx = Path.Combine(dir.Root, "cnn.onnx");

        var export = CliProcess.Run(Timeout, dir.Root, "export", "--model", model, "--format", "onnx", "--input-shape", "6x6x1", "--output", onnx);
        Assert.True(export.ExitCode == 0, export.Error + export.Output);
        using (var runner = new OnnxRuntimeRunner(onnx))
        {
            Assert.Equal([-1, 6, 6, 1], runner.Input.Dims);
            var net = Module.Load(model);
            net.Eval();
            var x = TestData.Uniform(3, 0, 1, 2, 6, 6, 1);
            Assert.True(PyTorchExchangeTests.RelativeError(runner.Run(x), net.Forward(x).Clone()) <= 1e-5);
        }

        var badSize = CliProcess.Run(Timeout, dir.Root, "export", "--model", model, "--format", "onnx", "--input-shape", "6,zero,1", "--output", onnx);
        Assert.Equal(2, badSize.ExitCode);
        Assert.Contains("diynet export: --input-shape \"6,zero,1\": size 2 (\"zero\") is not a positive integer", badSize.Error);

        var refused = CliProcess.Run(Timeout, dir.Root, "export", "--model", model, "--format", "onnx", "--input-shape", "5,5,2", "--output", onnx);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("module '0' (Conv2D(3×3, 1 → 2", refused.Error);
        Assert.DoesNotContain("   at ", refused.Error);

        var noCard = CliProcess.Run(Timeout, dir.Root, "export", "--model", model, "--format", "onnx", "--output", onnx);
        Assert.Equal(2, noCard.ExitCode);
        Assert.Contains("no data description", noCard.Error);

        var unknown = CliProcess.Run(Timeout, dir.Root, "export", "--model", model, "--format", "tflite", "--output", onnx);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("expected pytorch or onnx", unknown.Error);
    }
}
