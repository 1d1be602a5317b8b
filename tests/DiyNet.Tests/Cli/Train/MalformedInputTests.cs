using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Cli.Train;

/// <summary>Every malformed input gives one clear line on standard error and its exit code; no stack trace without --verbose.</summary>
[Collection(TrainCollection.Name)]
public class MalformedInputTests
{
    private static void Fails(int code, string expected, params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(code == r.Code, $"exit {r.Code}, expected {code}: {r.Error}{r.Output}");
        Assert.Contains(expected, r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void DataProblemsNameTheFileLineAndColumn()
    {
        using var dir = new TempFolder();
        string o = Path.Combine(dir.Root, "run");
        string missing = dir.File("missing.csv", "a,b,y\n1,2,x\n3,,y\n");
        string text = dir.File("text.csv", "a,b,y\n1,2,x\n3,abc,y\n");
        Fails(2, "diynet train: missing.csv, line 3, column 2: missing value in column \"b\".", "train", "--model", "Linear(_,_)", "--data", missing, "--out", o);
        Fails(2, "diynet train: text.csv, line 3, column 2: \"abc\" in column \"b\" is not a number.", "train", "--model", "Linear(_,_)", "--data", text, "--out", o);
        Fails(2, "diynet train: text.csv: no target column \"z\"; the header has \"a\", \"b\", \"y\".", "train", "--model", "Linear(_,_)", "--data", text, "--target", "z", "--out", o);
        Fails(2, $"diynet train: {Path.Combine(dir.Root, "none.csv")}: no such file or folder.", "train", "--model", "Linear(_,_)", "--data", Path.Combine(dir.Root, "none.csv"), "--out", o);
        string single = dir.File("single.csv", "a,y\n1,x\n2,x\n");
        Fails(2, "has a single class (x); classification needs at least two.", "train", "--model", "Linear(_,_)", "--data", single, "--out", o);
        string images = TrainData.Idx(dir.Root).Images;
        File.Delete(Path.Combine(dir.Root, "train-labels-idx1-ubyte"));
        Fails(2, "train-labels-idx1-ubyte: no IDX labels file; give it with --labels.", "train", "--model", "Linear(_,_)", "--data", images, "--out", o);
        Directory.CreateDirectory(Path.Combine(dir.Root, "pics", "cat"));
        File.WriteAllText(Path.Combine(dir.Root, "pics", "cat", "1.png"), "not a png");
        Fails(2, "pics/cat/1.png: not a readable PNG, JPEG or BMP image", "train", "--model", "Linear(_,_)", "--data", Path.Combine(dir.Root, "pics"), "--out", o);
    }

    [Fact]
    public void ModelSpecProblemsNameThePositionAndTheNearestModule()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        string o = Path.Combine(dir.Root, "run");
        Fails(2, "Linear(_,8) Relu Linear(8,_)\n            ^ model spec, position 13: unknown module \"Relu\"; did you mean \"ReLU\"?",
            "train", "--model", "Linear(_,8) Relu Linear(8,_)", "--data", data, "--out", o);
        Fails(2, "position 7: '(' of Linear is never closed.", "train", "--model", "Linear(_,8", "--data", data, "--out", o);
        Fails(2, "position 10: Linear has no argument \"outputs\"; did you mean \"outputDim\"?", "train", "--model", "Linear(_,outputs:3)", "--data", data, "--out", o);
        Fails(2, "the model gives an output of shape (1, 5) per example batch, but the data needs (N, 3)", "train", "--model", "Linear(_,5)", "--data", data, "--out", o);
        Fails(2, "position 1: Linear(2 → 4) does not accept an example of shape (3)", "train", "--model", "Linear(2,4) ReLU Linear(3,_)", "--data", data, "--out", o);
        string yaml = dir.File("net.yaml", "type: Sequential\nchildren:\n  - type: Linear\n    args: {inputDim: _, outputDim: 8}\n  - type: Tanhh\n");
        Fails(2, "Tanhh", "train", "--model", yaml, "--data", data, "--out", o);
        Fails(2, "--epochs 0: expected a whole number ≥ 1.", "train", "--model", "Linear(_,_)", "--data", data, "--epochs", "0", "--out", o);
        Fails(2, "--optimizer \"adamm\": expected one of sgd, momentum, nesterov, adam, adamw, rmsprop.", "train", "--model", "Linear(_,_)", "--data", data, "--optimizer", "adamm", "--out", o);
    }

    [Fact]
    public void ModelFileAndResumeProblemsAreOneLine()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        string notModel = dir.File("model.safetensors", "garbage");
        var r = CliRunner.Run("evaluate", "--model", notModel, "--data", data);
        Assert.Equal(2, r.Code);
        Assert.StartsWith("diynet evaluate: ", r.Error);
        Assert.Single(r.Error.TrimEnd().Split('\n'));
        Fails(2, $"{dir.Root}: no run.json; is it the --out folder of a diynet train run?", "train", "--resume", dir.Root);

        string o = Path.Combine(dir.Root, "run");
        Assert.Equal(0, CliRunner.Run("train", "--model", "Linear(_,_)", "--data", data, "--features", "x,y", "--epochs", "1", "--out", o).Code);
        string model = Path.Combine(o, "best.safetensors");
        string other = dir.File("other.csv", "x,z,kind\n1,2,alpha\n");
        Fails(2, "diynet evaluate: other.csv: no feature column \"y\"", "evaluate", "--model", model, "--data", other);
        string unknownClass = dir.File("unknown.csv", "x,y,kind\n1,2,delta\n");
        Fails(2, "unknown.csv, line 2, column 3: class \"delta\" in column \"kind\" is not one of the 3 classes of the training data (alpha, beta, gamma).", "evaluate", "--model", model, "--data", unknownClass);
        Fails(2, "image-folder data, but the model was trained on CSV data.", "predict", "--model", model, "--data", dir.Root);
        var verbose = CliRunner.Run("evaluate", "--model", model, "--data", other, "--verbose");
        Assert.Contains("   at ", verbose.Error);
    }

    [Fact]
    public void EveryCommandsHelpShowsAnExample()
    {
        foreach (string command in new[] { "train", "evaluate", "predict", "export", "models" })
        {
            var r = CliRunner.Run(command, "--help");
            Assert.Equal(0, r.Code);
            Assert.Contains("Example:", r.Output);
            Assert.Contains($"diynet {(command == "models" ? "models" : command)}", r.Output);
        }
        var models = CliRunner.Run("models");
        Assert.Contains("Conv2D", models.Output);
        Assert.Contains("(kSize, chanIn, chanOut, stride=1, padding=0, bias=true)", models.Output);
        Assert.Contains("FeatureScaling", models.Output);
    }
}
