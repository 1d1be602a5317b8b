using System.Diagnostics;
using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using DiyNet.Tests.Data;
using DiyNet.Training;
using Xunit;

namespace DiyNet.Tests.Reliability;

/// <summary>Options are checked where they are set; files and folders are named as what they are; N = 0 works.</summary>
public class OptionAndEdgeTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    public void ALearningRateDecayOfZeroOrBelowIsRefusedWhereItIsSet(float decay)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { LearningRateDecay = decay });
        Assert.Equal("LearningRateDecay", e.ParamName);
        Assert.StartsWith("TrainingOptions.LearningRateDecay (the factor applied to the learning rate after each epoch) must be positive and finite.", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions() with { LearningRateDecay = decay });
    }

    [Fact]
    public void EveryOptionIsCheckedWhereItIsSet()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { BatchSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Epochs = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { LearningRate = -1e-3f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { EarlyStopDelta = float.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { DivergenceFactor = 1f });
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void ANegativeLearningRateSetAfterConstructionIsRefused(float rate)
    {
        var optim = new Optim(new Linear(2, 2), new MSELoss(), 0.1f);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => optim.LearningRate = rate);
        Assert.Contains("the learning rate must be ≥ 0 and finite.", e.Message);
        Assert.Equal(0.1f, optim.LearningRate);
    }

    [Fact]
    public void AUspsFileWithAHeaderAndNoRowsIsAnErrorAsInCsv()
    {
        var e = Assert.Throws<DataFormatException>(() => UspsLoader.Read(new StringReader("10 256\n-1\n"), "empty.txt"));
        Assert.Equal("empty.txt: no data rows between the header and the \"-1\" end marker.", e.Message);
    }

    [Fact]
    public void AFolderGivenAsADataFileIsNamedAsAFolder()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Root, "USPS_train.txt");
        Directory.CreateDirectory(folder);
        var usps = Assert.Throws<IOException>(() => UspsLoader.Load(folder));
        Assert.Equal($"{folder}: is a folder; expected a data file.", usps.Message);
        Assert.Contains("is a folder", Assert.Throws<IOException>(() => CsvLoader.Load(folder)).Message);
        Assert.Contains("is a folder", Assert.Throws<IOException>(() => IdxLoader.ReadImages(folder)).Message);
    }

    [Fact]
    public void AFileGivenAsTheDataOrOutputFolderIsNamedAsAFile()
    {
        using var temp = new TempFolder();
        string file = temp.File("data.txt", "not a folder");
        var experiments = new[] { DiyNet.Cli.Experiments.ExperimentCatalog.Find("linear-classifier")! };
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, DiyNet.Cli.Experiments.ExperimentRunner.Run(experiments, Path.Combine(temp.Root, "out"), file, 1, "t", quiet: true));
            Assert.Equal(2, DiyNet.Cli.Experiments.ExperimentRunner.Run(experiments, file, null, 1, "t", quiet: true));
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.Contains($"data folder '{file}' is a file", error.ToString());
        Assert.Contains($"output folder '{file}' is a file", error.ToString());
    }

    [Fact]
    public void ABadThreadCountInTheEnvironmentStopsTheCommandAtStartWithItsName()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "DiyNet.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { cli, "experiment", "linear-classifier" }) start.ArgumentList.Add(a);
        start.Environment["DIYNET_THREADS"] = "abc";
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("diynet: DIYNET_THREADS='abc': expected a whole number of threads ≥ 1.", stderr.Trim());
    }

    [Fact]
    public void SigmoidTakesAnEmptyBatchLikeEveryOtherModule()
    {
        var empty = new Tensor(0, 5);
        foreach (Module m in new Module[] { new Sigmoid(), new TanH(), new ReLU(), new Linear(5, 3) })
        {
            var y = m.Forward(empty);
            Assert.Equal(0, y.Length);
            Assert.Equal(0, m.Backward(empty, new Tensor(y.Shape.ToArray())).Length);
        }
    }

    [Fact]
    public void CrossEntropyGradientIsTheDerivativeOfTheClampedLogAsInPyTorch()
    {
        // log(1e-45) ≈ −103.6 is below the floor of −100: the loss is the constant 100 there, so its gradient is 0
        // (PyTorch: −(y·log(ŷ).clamp(min=−100)) gives 0); above the floor it is −y/ŷ.
        var y = Tensor.FromArray([1f, 0f, 0.5f, 0.5f], 2, 2);
        var yhat = Tensor.FromArray([1e-45f, 1f, 1e-20f, 1f], 2, 2);
        var loss = new CrossEntropyLoss();
        Assert.Equal(100f, loss.Forward(y, yhat)[0]);
        var g = loss.Backward(y, yhat);
        Assert.Equal(0f, g[0, 0]);
        Assert.Equal(-0.5f / 1e-20f / 2, g[1, 0], 1e14f);
    }
}
