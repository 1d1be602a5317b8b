using System.Globalization;
using System.Text.Json;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Cli.Train;

/// <summary>End-to-end runs of diynet train, evaluate and predict on data the tests write.</summary>
[Collection(TrainCollection.Name)]
public class TrainCommandTests
{
    private static string[] Lines(string path) => File.ReadAllLines(path);

    [Fact]
    public void CsvClassificationTrainsEvaluatesAndPredictsInChunks()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        string output = Path.Combine(dir.Root, "run");
        var train = CliRunner.Run("train", "--model", "Linear(_,16) ReLU Linear(16,_)", "--data", data, "--target", "kind",
            "--features", "x,y", "--epochs", "30", "--batch-size", "16", "--lr", "0.01", "--out", output);
        Assert.True(train.Code == 0, train.Error + train.Output);
        Assert.Contains("data: 120 training examples, 30 validation, 2 features (classification, 3 classes)", train.Output);
        Assert.Contains("model: FeatureScaling(2) Linear(2,16) ReLU Linear(16,3)", train.Output);
        foreach (string f in new[] { "best.safetensors", "last.safetensors", "checkpoint.safetensors", "metrics.csv", "run.json", "report.html" })
            Assert.True(File.Exists(Path.Combine(output, f)), f);
        Assert.False(File.Exists(Path.Combine(output, ".lock")) || File.Exists(Path.Combine(output, ".lock.pid")), "the lock is released at the end");
        string[] metrics = Lines(Path.Combine(output, "metrics.csv"));
        Assert.Equal("epoch,learning_rate,train_loss,val_loss,val_accuracy,seconds", metrics[0]);
        Assert.Equal(31, metrics.Length);
        using (var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json"))))
        {
            Assert.Equal("finished", run.RootElement.GetProperty("status").GetString());
            Assert.Equal(64, run.RootElement.GetProperty("dataSha256").GetProperty(data).GetString()!.Length);
            Assert.Equal(30, run.RootElement.GetProperty("settings").GetProperty("epochs").GetInt32());
        }

        string model = Path.Combine(output, "best.safetensors");
        var evaluate = CliRunner.Run("evaluate", "--model", model, "--data", data);
        Assert.True(evaluate.Code == 0, evaluate.Error);
        double accuracy = double.Parse(evaluate.Output.Split("accuracy ")[1][..6], CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.95, evaluate.Output);
        Assert.Contains("precision", evaluate.Output);
        Assert.Contains("gamma", evaluate.Output);
        Assert.True(File.Exists(Path.Combine(output, "confusion.svg")));

        string predictions = Path.Combine(dir.Root, "predictions.csv");
        var predict = CliRunner.Run("predict", "--model", model, "--data", data, "--chunk-size", "7", "--probabilities", "--output", predictions);
        Assert.True(predict.Code == 0, predict.Error);
        string[] rows = Lines(predictions);
        Assert.Equal("row,class,p_alpha,p_beta,p_gamma", rows[0]);
        Assert.Equal(151, rows.Length);
        // The classes predicted in chunks of 7 rows are those evaluate counted: same accuracy.
        string[] truth = Lines(data).Skip(1).Select(l => l.Split(',')[3]).ToArray();
        int correct = rows.Skip(1).Select((r, i) => r.Split(',')[1] == truth[i] ? 1 : 0).Sum();
        Assert.Equal(accuracy, Math.Round(correct / 150.0, 4));
        Assert.Equal("2", rows[1].Split(',')[0]);
        Assert.All(rows.Skip(1), r => Assert.InRange(r.Split(',').Skip(2).Sum(p => double.Parse(p, CultureInfo.InvariantCulture)), 0.999, 1.001));

        // Exported in PyTorch's layout, the model reads back (transposed again) to the same outputs.
        string exported = Path.Combine(dir.Root, "torch.safetensors");
        var export = CliRunner.Run("export", "--model", model, "--format", "pytorch", "--output", exported);
        Assert.True(export.Code == 0, export.Error);
        var original = DiyNet.Serialization.ModelFile.Load(model);
        var back = DiyNet.Serialization.ModelFile.Load(exported);
        original.Eval();
        back.Eval();
        var input = DiyNet.Tensors.Tensor.FromArray([0.5f, 1f, 4f, 2f], 2, 2);
        Assert.Equal(original.Forward(input).Span.ToArray(), back.Forward(input).Span.ToArray());
    }

    [Fact]
    public void CsvRegressionReportsMseAndR2()
    {
        using var dir = new TempFolder();
        string data = TrainData.Regression(dir.Root);
        string output = Path.Combine(dir.Root, "run");
        var train = CliRunner.Run("train", "--model", "Linear(_,8) TanH Linear(8,_)", "--data", data, "--epochs", "40", "--batch-size", "16",
            "--lr", "0.02", "--out", output);
        Assert.True(train.Code == 0, train.Error + train.Output);
        Assert.Contains("(regression)", train.Output);
        Assert.Equal("epoch,learning_rate,train_loss,val_loss,val_r2,seconds", Lines(Path.Combine(output, "metrics.csv"))[0]);
        var evaluate = CliRunner.Run("evaluate", "--model", Path.Combine(output, "best.safetensors"), "--data", data);
        Assert.True(evaluate.Code == 0, evaluate.Error);
        Assert.Contains("MSE ", evaluate.Output);
        double r2 = double.Parse(evaluate.Output.Split("R² ")[1][..6], CultureInfo.InvariantCulture);
        Assert.True(r2 > 0.97, evaluate.Output);
        var predict = CliRunner.Run("predict", "--model", Path.Combine(output, "best.safetensors"), "--data", data);
        Assert.Equal("row,price", predict.Output.Split('\n')[0]);
        Assert.Equal(201, predict.Output.TrimEnd().Split('\n').Length);
        Assert.Contains("id=\"predictions\"", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void ImageFolderOfPngsTrainsAConvolution()
    {
        using var dir = new TempFolder();
        string bars = TrainData.Bars(dir.Root);
        string output = Path.Combine(dir.Root, "run");
        var train = CliRunner.Run("train", "--model", "Unflatten(8,8,1) Conv2D(3,_,4,padding:1) ReLU MaxPool2D(2) Flatten Linear(_,_)",
            "--data", bars, "--image-size", "8x8", "--epochs", "25", "--batch-size", "8", "--lr", "0.01", "--out", output);
        Assert.True(train.Code == 0, train.Error + train.Output);
        Assert.Contains("model: Unflatten(8,8,1) Conv2D(3,1,4,padding:1) ReLU MaxPool2D(2) Flatten Linear(64,2)", train.Output);
        string report = File.ReadAllText(Path.Combine(output, "report.html"));
        foreach (string id in new[] { "loss", "metric", "confusion", "mistakes" }) Assert.Contains($"<figure id=\"{id}\">", report);
        var evaluate = CliRunner.Run("evaluate", "--model", Path.Combine(output, "best.safetensors"), "--data", bars);
        Assert.True(evaluate.Code == 0, evaluate.Error);
        double accuracy = double.Parse(evaluate.Output.Split("accuracy ")[1][..6], CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.9, evaluate.Output);
        var predict = CliRunner.Run("predict", "--model", Path.Combine(output, "best.safetensors"), "--data", bars);
        Assert.StartsWith("row,class\nacross/00.png,", predict.Output);
    }

    [Fact]
    public void IdxPairTrainsWithTheLabelsBesideIt()
    {
        using var dir = new TempFolder();
        var (images, _) = TrainData.Idx(dir.Root);
        string output = Path.Combine(dir.Root, "run");
        var train = CliRunner.Run("train", "--model", "Linear(_,_)", "--data", images, "--epochs", "10", "--lr", "0.05", "--out", output);
        Assert.True(train.Code == 0, train.Error + train.Output);
        Assert.Contains("48 training examples, 12 validation, 36 features (classification, 2 classes)", train.Output);
        var evaluate = CliRunner.Run("evaluate", "--model", Path.Combine(output, "best.safetensors"), "--data", images);
        Assert.Contains("60 examples, accuracy 1.0000", evaluate.Output);
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestEpoch()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        string output = Path.Combine(dir.Root, "run");
        // A learning rate far too high for plain SGD: the validation accuracy peaks early and stops improving.
        var train = CliRunner.Run("train", "--model", "Linear(_,32) ReLU Linear(32,_)", "--data", data, "--epochs", "200",
            "--patience", "3", "--optimizer", "sgd", "--lr", "0.5", "--out", output);
        Assert.True(train.Code == 0, train.Error + train.Output);
        Assert.Contains("early stop: no validation improvement for 3 epochs", train.Output);
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        int done = run.RootElement.GetProperty("epochsDone").GetInt32(), best = run.RootElement.GetProperty("bestEpoch").GetInt32();
        Assert.Equal(done - 3, best);
        Assert.Equal(done + 1, Lines(Path.Combine(output, "metrics.csv")).Length);
    }

    [Fact]
    public void ASecondRunIntoAHeldFolderIsRefused()
    {
        using var dir = new TempFolder();
        string data = TrainData.Blobs(dir.Root);
        string output = Path.Combine(dir.Root, "run");
        using (DiyNet.Cli.Training.RunLock.Acquire(output))
        {
            var second = CliRunner.Run("train", "--model", "Linear(_,_)", "--data", data, "--out", output);
            Assert.Equal(3, second.Code);
            Assert.Equal($"diynet train: {output} is being written by another diynet train (process {Environment.ProcessId}); wait for it to end or choose another --out.",
                second.Error.Trim());
        }
        var after = CliRunner.Run("train", "--model", "Linear(_,_)", "--data", data, "--epochs", "1", "--out", output);
        Assert.True(after.Code == 0, after.Error);
    }
}
