using DiyNet.Cli.Experiments.Convolution;
using DiyNet.Cli.Experiments.Modern;
using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace DiyNet.Tests.Serialization;

/// <summary>
/// Every built-in module and every network the experiments save, exported to ONNX and run by ONNX Runtime: the
/// outputs agree with DiyNet's evaluation-mode forward pass within 1e-5 relative, for batches of 1 and 3 examples
/// through the one dynamic batch axis. Set <c>DIYNET_ONNX_DUMP</c> to a folder to keep the exported files
/// (tools/onnx_check.py checks them).
/// </summary>
/// <remarks>
/// The rule is the fixture tests' with the floor at a quarter of the largest magnitude:
/// <c>|a − b| ≤ 1e-5 · max(|b|, 0.25 · max_i |b_i|)</c>. Two float32 implementations that sum in different orders
/// (ONNX Runtime's MLAS kernels, DiyNet's blocked ones) differ by a few units in the last place of the largest terms
/// of each sum; through a network of several layers of hundreds of terms that is up to about 7e-7 of the output's
/// largest magnitude, which is already 1e-5 of an output fifteen times smaller than the largest. The output lines also give the
/// worst difference with the floor at 1 % (PyTorchExchangeTests' rule), and the largest difference over the largest
/// magnitude.
/// </remarks>
public class OnnxExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    private const double FloorFraction = 0.25;

    /// <summary>The module cases of the other serialization tests, and more layouts and combinations.</summary>
    private static readonly Dictionary<string, Func<(Module Module, Tensor Input)>> Cases = new(ModuleZoo.Cases)
    {
        ["Softplus (default, past the threshold)"] = () => (new Softplus(), TestData.Uniform(40, -30, 30, 4, 5)),
        ["BatchNorm1D (N, L, C)"] = () => (WithStatistics(new BatchNorm1D(4), 41), TestData.Uniform(41, -1, 2, 2, 5, 4)),
        ["BatchNorm2D (no affine)"] = () => (WithStatistics(new BatchNorm2D(3, affine: false), 42), TestData.Uniform(42, -1, 2, 2, 3, 4, 3)),
        ["LayerNorm (N, L, D), no affine"] = () => (WithStatistics(new LayerNorm(6, eps: 1e-3f, affine: false), 43), TestData.Uniform(43, -1, 2, 2, 3, 6)),
        ["FeatureScaling (images)"] = () => (WithStatistics(new FeatureScaling(12), 44), TestData.Uniform(44, -1, 1, 2, 2, 3, 2)),
        ["Frozen"] = () => (new Sequential(new Frozen(new Sequential(new Linear(6, 5, random: new Random(45)), new TanH())),
            new Linear(5, 3, random: new Random(46))), TestData.Uniform(45, -1, 1, 4, 6)),
        ["Conv2D stack: BatchNorm2D, GELU, Dropout2D, AvgPool2D, Upsample2D"] = () => (Evaluating(new Sequential(
            new Conv2D(3, 2, 4, padding: 1, random: new Random(47)), WithStatistics(new BatchNorm2D(4), 47), new GELU(),
            new Dropout2D(0.2f), new AvgPool2D(2), new Upsample2D(2), new Conv2D(1, 4, 3, random: new Random(48)), new LeakyReLU(0.2f),
            new Flatten(), new Linear(108, 5, random: new Random(49)), new Softmax())), TestData.Uniform(47, -1, 1, 2, 6, 6, 2)),
        ["Conv1D stack: ELU, Upsample1D, ConvTranspose1D, SiLU, MaxPool1D, BatchNorm1D"] = () => (Evaluating(new Sequential(
            new Conv1D(3, 2, 4, random: new Random(50)), new ELU(), new Upsample1D(2),
            new ConvTranspose1D(3, 4, 2, stride: 2, random: new Random(51)), new SiLU(), new MaxPool1D(2),
            WithStatistics(new BatchNorm1D(2), 52), new Dropout(0.1f), new Flatten(), new LayerNorm(20))), TestData.Uniform(50, -1, 1, 2, 7, 2)),
    };

    /// <summary>The networks the experiments keep under models/ (and those of diynet train), with random weights (and
    /// random batch-normalization statistics): name, network, shape of one example. Where an experiment builds its
    /// network in a method of its own, that method builds it here.</summary>
    private static readonly Dictionary<string, Func<Random, (Module Module, int[] Example)>> ExperimentNetworks = new()
    {
        ["linear-regression"] = r => (new Linear(1, 1, random: r), [1]),
        ["linear-classifier"] = r => (new Linear(2, 1, random: r), [2]),
        ["four-gaussians"] = r => (new Sequential(new Linear(2, 16, random: r), new TanH(), new Linear(16, 1, random: r), new Sigmoid()), [2]),
        ["non-linear-by-hand"] = r => (new Sequential(new Linear(2, 8, random: r), new TanH(), new Linear(8, 1, random: r), new Sigmoid()), [2]),
        ["checkerboard"] = r => (new Sequential(
            new Linear(2, 96, random: r), new ReLU(), new Linear(96, 96, random: r), new ReLU(), new Linear(96, 96, random: r), new ReLU(),
            new Linear(96, 96, random: r), new ReLU(), new Linear(96, 1, random: r), new Sigmoid()), [2]),
        ["digits-mlp"] = r => (new Sequential(new Linear(64, 256, random: r), new ReLU(), new Linear(256, 10, random: r)), [64]),
        ["conv-digits-conv1d"] = r => (new Sequential(new Conv1D(3, 1, 32, random: r), new MaxPool1D(2, 2), new Flatten(),
            new Linear(992, 100, random: r), new ReLU(), new Linear(100, 10, random: r)), [64, 1]),
        ["conv-digits-linear-twin"] = r => (new Sequential(new Linear(64, 992, random: r), new ReLU(), new Linear(992, 100, random: r), new ReLU(),
            new Linear(100, 10, random: r)), [64]),
        ["usps-mlp"] = r => (new Sequential(new Linear(256, 512, random: r), new ReLU(), new Linear(512, 256, random: r), new ReLU(),
            new Linear(256, 10, random: r)), [256]),
        ["usps-conv-conv1d"] = r => (new Sequential(new Conv1D(3, 1, 32, random: r), new MaxPool1D(2, 2), new Flatten(),
            new Linear(32 * 127, 100, random: r), new ReLU(), new Linear(100, 10, random: r)), [256, 1]),
        ["usps-conv-conv2d, modern-usps-course"] = r => (UspsConvExperiment.Conv2DNetwork(r), [16, 16, 1]),
        ["mnist-lenet, modern-mnist-course"] = r => (MnistLeNetExperiment.LeNet5(r), [28, 28, 1]),
        ["modern-usps-modern"] = r => (WithStatistics(ModernRecipe.Network(ModernRecipeSetup.Usps.Side, ModernRecipeSetup.Usps.Stages,
            ModernRecipeSetup.Usps.ConvsPerStage, ModernRecipeExperiment.Hidden, ModernRecipeExperiment.Dropout, r), 62), [16, 16, 1]),
        ["modern-mnist-modern"] = r => (WithStatistics(ModernRecipe.Network(ModernRecipeSetup.Mnist.Side, ModernRecipeSetup.Mnist.Stages,
            ModernRecipeSetup.Mnist.ConvsPerStage, ModernRecipeExperiment.Hidden, ModernRecipeExperiment.Dropout, r), 63), [28, 28, 1]),
        ["autoencoder-usps-dense"] = r => (new AutoEncoder(
            new Sequential(new Linear(256, 512, random: r), new ReLU(), new Linear(512, 256, random: r), new ReLU(), new Linear(256, 16, random: r)),
            new Sequential(new Linear(16, 256, random: r), new ReLU(), new Linear(256, 512, random: r), new ReLU(),
                new Linear(512, 256, random: r), new Sigmoid())), [256]),
        ["autoencoder-usps-convolutional-plain"] = r => (new AutoEncoder(
            new Sequential(new Unflatten(16, 16, 1), new Conv2D(3, 1, 32, stride: 2, padding: 1, random: r), new ReLU(),
                new Conv2D(3, 32, 64, stride: 2, padding: 1, random: r), new ReLU(), new Flatten(), new Linear(1024, 16, random: r)),
            new Sequential(new Linear(16, 1024, random: r), new ReLU(), new Unflatten(4, 4, 64),
                new ConvTranspose2D(4, 64, 32, stride: 2, padding: 1, random: r), new ReLU(),
                new ConvTranspose2D(4, 32, 1, stride: 2, padding: 1, random: r), new Flatten(), new Sigmoid())), [256]),
        ["autoencoder-digits-baseline"] = r => (AutoEncoder.Dense(64, [200], 50, [200], random: r), [64]),
        ["diynet train: iris MLP with its input scaling"] = r => (new Sequential(WithStatistics(new FeatureScaling(4), 60),
            new Linear(4, 16, random: r), new ReLU(), new Linear(16, 3, random: r)), [4]),
        ["diynet train: the README's MNIST CNN"] = r => (new Sequential(WithStatistics(new FeatureScaling(784), 61), new Unflatten(28, 28, 1),
            new Conv2D(5, 1, 6, padding: 2, random: r), new ReLU(), new MaxPool2D(2), new Flatten(), new Linear(1176, 10, random: r)), [784]),
    };

    public static TheoryData<string> ModuleCases() => [.. Cases.Keys];

    public static TheoryData<string> Networks() => [.. ExperimentNetworks.Keys];

    [Theory]
    [MemberData(nameof(ModuleCases))]
    public void EveryModuleRunsInOnnxRuntimeAsInDiyNet(string name)
    {
        var (module, input) = Cases[name]();
        module.Eval();
        Check(name, module, input.Shape[1..].ToArray(), batch => Rows(input, batch));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryExperimentNetworkRunsInOnnxRuntimeAsInDiyNet(string name)
    {
        var (net, example) = ExperimentNetworks[name](new Random(1));
        net.Eval();
        Check(name, net, example, batch => TestData.Uniform(batch + 100, 0, 1, [batch, .. example]));
    }

    [Fact]
    public void TheCasesCoverEveryBuiltInModuleType()
    {
        var covered = new HashSet<Type>();
        foreach (var make in Cases.Values) Collect(make().Module, covered);
        foreach (var make in ExperimentNetworks.Values) Collect(make(new Random(1)).Module, covered);
        var missing = typeof(Module).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && typeof(Module).IsAssignableFrom(t) && !covered.Contains(t))
            .Select(t => t.Name).Order().ToList();
        Assert.True(missing.Count == 0, "Module types without an ONNX case: " + string.Join(", ", missing));
    }

    [Fact]
    public void ChannelsLastDataCrossAConvolutionalStackWithOneTransposeAtEachEnd()
    {
        var (net, _) = ExperimentNetworks["mnist-lenet, modern-mnist-course"](new Random(1));
        var model = OnnxExport.Build(net, [28, 28, 1]);
        var ops = model.Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(["Transpose", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Transpose", "Flatten", "Gemm", "Relu", "Gemm", "Relu", "Gemm"], ops);
        Assert.Equal([0L, 3, 1, 2], model.Graph.Node[0].Attribute.Single(a => a.Name == "perm").Ints);
        Assert.Equal([0L, 2, 3, 1], model.Graph.Node[7].Attribute.Single(a => a.Name == "perm").Ints);
        Assert.Equal(OnnxExport.IrVersion, model.IrVersion);
        Assert.Equal(OnnxExport.Opset, model.OpsetImport.Single().Version);
        var input = model.Graph.Input.Single().Type.TensorType.Shape.Dim;
        Assert.Equal("N", input[0].DimParam);
        Assert.Equal([28L, 28, 1], input.Skip(1).Select(d => d.DimValue));
        Assert.Equal("output", model.Graph.Output.Single().Name);
        Assert.Equal([10L], model.Graph.Output.Single().Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue));
        Assert.Contains(model.Graph.Initializer, t => t.Name == "0.weight" && t.Dims.SequenceEqual([6L, 1, 5, 5]));
    }

    [Fact]
    public void AModuleThatIsNotBuiltInIsRefusedByNameAndPath()
    {
        var net = new Sequential(new Linear(3, 4, random: new Random(1)), new Sequential(new ReLU(), new PassThrough()));
        var e = Assert.Throws<OnnxExportException>(() => net.ExportOnnx(Path.Combine(Path.GetTempPath(), "never-written.onnx"), 3));
        Assert.Contains("'1.1'", e.Message);
        Assert.Contains(typeof(PassThrough).FullName!, e.Message);
        Assert.Contains("not one of DiyNet's built-in modules", e.Message);
    }

    [Fact]
    public void AnExampleShapeTheNetworkRefusesIsReportedWithTheModule()
    {
        var net = new Sequential(new Linear(3, 4, random: new Random(1)), new ReLU());
        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(net, 5));
        Assert.Contains("'0'", e.Message);
        Assert.Contains("(1, 5)", e.Message);
        Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(net, 0));
    }

    [Fact]
    public void ExportWritesTheFileAtomicallyAndLeavesTheNetworkAsItWas()
    {
        var net = new Sequential(new Linear(4, 3, random: new Random(2)), WithStatistics(new BatchNorm1D(3), 3), new Dropout(0.5f), new Linear(3, 2, random: new Random(4)));
        net.Train();
        var before = net.StateDict().ToDictionary(p => p.Key, p => p.Value.Span.ToArray());
        string folder = Path.Combine(Path.GetTempPath(), "diynet-onnx-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(folder, "net.onnx");
            net.ExportOnnx(path, 4);
            Assert.True(net.IsTraining);
            Assert.All(net.Children, c => Assert.True(c.IsTraining));
            foreach (var (key, value) in net.StateDict()) Assert.Equal(before[key], value.Span.ToArray());
            Assert.Equal(["net.onnx"], Directory.GetFiles(folder).Select(Path.GetFileName));
            using var runner = new OnnxRuntimeRunner(path);
            Assert.Equal("input", runner.Input.Name);
            Assert.Equal([-1, 4], runner.Input.Dims);
            Assert.Equal("output", runner.Output.Name);
            Assert.Equal([-1, 2], runner.Output.Dims);
            net.Eval();
            var x = TestData.Uniform(5, -1, 1, 3, 4);
            double error = Difference(runner.Run(x), net.Forward(x).Clone(), FloorFraction);
            Assert.True(error <= Tolerance, $"{error:E2}");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    // Exports, runs ORT on batches of 1 and 3, compares with DiyNet.
    private void Check(string name, Module net, int[] example, Func<int, Tensor> inputOfBatch)
    {
        byte[] bytes = OnnxExport.ToBytes(net, example);
        Dump(name, bytes);
        using var runner = new OnnxRuntimeRunner(bytes);
        Assert.Equal(-1, runner.Input.Dims[0]);
        Assert.Equal(example, runner.Input.Dims[1..]);
        foreach (int batch in new[] { 1, 3 })
        {
            var x = inputOfBatch(batch);
            var expected = net.Forward(x).Clone();
            var actual = runner.Run(x);
            double error = Difference(actual, expected, FloorFraction);
            output.WriteLine($"{name}, batch {batch}: output {actual.ShapeString}, worst relative difference from DiyNet {error:E2} " +
                             $"(floor 1 %: {Difference(actual, expected, 0.01):E2}; of the largest: {Difference(actual, expected, 1):E2})");
            Assert.True(error <= Tolerance, $"{name}, batch {batch}: ONNX Runtime differs from DiyNet by {error:E2} relative (tolerance {Tolerance:E0})");
        }
    }

    /// <summary>The largest <c>|a − b| / max(|b|, floor · max|b|)</c>; NaN counts as infinite.</summary>
    private static double Difference(Tensor actual, Tensor expected, double floor)
    {
        Assert.Equal(expected.ShapeString, actual.ShapeString);
        double largest = 0, worst = 0;
        foreach (float v in expected.Span) largest = Math.Max(largest, Math.Abs((double)v));
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)actual.Span[i] - expected.Span[i]);
            double scale = Math.Max(Math.Abs((double)expected.Span[i]), floor * largest);
            double error = diff == 0 ? 0 : scale == 0 || double.IsNaN(diff) ? double.PositiveInfinity : diff / scale;
            worst = Math.Max(worst, error);
        }
        return worst;
    }

    private static void Dump(string name, byte[] bytes)
    {
        string? folder = Environment.GetEnvironmentVariable("DIYNET_ONNX_DUMP");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        string file = new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')]);
        File.WriteAllBytes(Path.Combine(folder, file + ".onnx"), bytes);
    }

    // Rows i mod N of the case's input: a batch of any size.
    private static Tensor Rows(Tensor input, int batch)
    {
        int n = input.Dim(0), size = input.Length / n;
        var x = new Tensor([batch, .. input.Shape[1..]]);
        for (int i = 0; i < batch; i++) input.Span.Slice(i % n * size, size).CopyTo(x.Span.Slice(i * size, size));
        return x;
    }

    private static void Collect(Module module, HashSet<Type> types)
    {
        types.Add(module.GetType());
        if (module is Frozen frozen) Collect(frozen.Inner, types);
        foreach (var child in module.Children) Collect(child, types);
    }

    private static Module Evaluating(Module module)
    {
        module.Eval();
        return module;
    }

    // Random affine parameters and running statistics for every batch normalization of a network.
    private static Module WithStatistics(Sequential net, int seed)
    {
        foreach (var child in net.Children.OfType<BatchNormalization>()) WithStatistics(child, seed++);
        return net;
    }

    // Random affine parameters and statistics (or shift and scale), then evaluation mode.
    private static T WithStatistics<T>(T module, int seed) where T : Module
    {
        var random = new Random(seed);
        foreach (var (_, t) in module.StateDict()) random.FillUniform(t.Span, 0.5f, 1.5f);
        module.Eval();
        return module;
    }

    /// <summary>A module of the test assembly: not built in, so not exportable.</summary>
    private sealed class PassThrough : Module
    {
        public override Tensor Forward(Tensor input) => input;

        public override void BackwardUpdateGradient(Tensor input, Tensor delta)
        {
        }

        public override Tensor BackwardDelta(Tensor input, Tensor delta) => delta;
    }
}
