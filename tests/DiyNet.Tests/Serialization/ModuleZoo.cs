using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;

namespace DiyNet.Tests.Serialization;

/// <summary>One instance of every built-in module (and the experiments' kinds of network), each with an input it takes:
/// the cases of the round-trip, PyTorch and ONNX tests.</summary>
internal static class ModuleZoo
{
    public static readonly Dictionary<string, Func<(Module Module, Tensor Input)>> Cases = new()
    {
        ["Linear"] = () => (new Linear(5, 3, random: new Random(1)), TestData.Uniform(2, -1, 1, 4, 5)),
        ["Linear(no bias)"] = () => (new Linear(6, 2, bias: false, random: new Random(1)), TestData.Uniform(2, -1, 1, 3, 6)),
        ["TanH"] = () => (new TanH(), TestData.Uniform(3, -2, 2, 4, 5)),
        ["Sigmoid"] = () => (new Sigmoid(), TestData.Uniform(4, -3, 3, 4, 5)),
        ["ReLU"] = () => (new ReLU(), TestData.Uniform(5, -1, 1, 4, 5)),
        ["LeakyReLU"] = () => (new LeakyReLU(0.1f), TestData.Uniform(6, -1, 1, 4, 5)),
        ["Identity"] = () => (new Identity(), TestData.Uniform(7, -1, 1, 3, 4)),
        ["Softmax"] = () => (new Softmax(), TestData.Uniform(8, -2, 2, 4, 6)),
        ["LogSoftmax"] = () => (new LogSoftmax(), TestData.Uniform(9, -2, 2, 4, 6)),
        ["ELU"] = () => (new ELU(0.7f), TestData.Uniform(30, -2, 2, 4, 5)),
        ["GELU"] = () => (new GELU(), TestData.Uniform(31, -2, 2, 4, 5)),
        ["SiLU"] = () => (new SiLU(), TestData.Uniform(32, -2, 2, 4, 5)),
        ["Softplus"] = () => (new Softplus(2f, 5f), TestData.Uniform(33, -4, 4, 4, 5)),
        ["Dropout (evaluation)"] = () => (Evaluating(new Dropout(0.3f)), TestData.Uniform(34, -1, 1, 4, 5)),
        ["Dropout2D (evaluation)"] = () => (Evaluating(new Dropout2D(0.3f)), TestData.Uniform(35, -1, 1, 2, 3, 3, 4)),
        ["BatchNorm1D"] = () => (WithStatistics(new BatchNorm1D(5, momentum: 0.2f), 36), TestData.Uniform(36, -1, 2, 6, 5)),
        ["BatchNorm2D"] = () => (WithStatistics(new BatchNorm2D(3, eps: 1e-3f), 37), TestData.Uniform(37, -1, 2, 2, 4, 4, 3)),
        ["LayerNorm"] = () => (WithStatistics(new LayerNorm(6), 38), TestData.Uniform(38, -1, 2, 4, 6)),
        ["FeatureScaling"] = () => (new FeatureScaling([0.5f, -1f, 0f, 2f, 1f], [2f, 0.5f, 1f, 3f, -1f]), TestData.Uniform(39, -1, 1, 4, 5)),
        ["Conv1D"] = () => (new Conv1D(3, 2, 4, stride: 2, padding: 1, random: new Random(2)), TestData.Uniform(10, -1, 1, 2, 9, 2)),
        ["Conv2D"] = () => (new Conv2D(3, 2, 5, stride: 1, padding: 1, random: new Random(3)), TestData.Uniform(11, -1, 1, 2, 6, 5, 2)),
        ["Conv2D(no bias)"] = () => (new Conv2D(2, 3, 2, stride: 2, bias: false, random: new Random(3)), TestData.Uniform(11, -1, 1, 2, 6, 6, 3)),
        ["ConvTranspose1D"] = () => (new ConvTranspose1D(3, 3, 2, stride: 2, padding: 1, outputPadding: 1, random: new Random(4)), TestData.Uniform(12, -1, 1, 2, 5, 3)),
        ["ConvTranspose2D"] = () => (new ConvTranspose2D(4, 3, 2, stride: 2, padding: 1, random: new Random(5)), TestData.Uniform(13, -1, 1, 2, 4, 3, 3)),
        ["MaxPool1D"] = () => (new MaxPool1D(2, 2), TestData.Uniform(14, -1, 1, 2, 8, 3)),
        ["MaxPool2D"] = () => (new MaxPool2D(3, 2), TestData.Uniform(15, -1, 1, 2, 7, 7, 2)),
        ["AvgPool1D"] = () => (new AvgPool1D(3, 1), TestData.Uniform(16, -1, 1, 2, 8, 3)),
        ["AvgPool2D"] = () => (new AvgPool2D(2), TestData.Uniform(17, -1, 1, 2, 6, 6, 2)),
        ["Upsample1D"] = () => (new Upsample1D(3), TestData.Uniform(18, -1, 1, 2, 4, 3)),
        ["Upsample2D"] = () => (new Upsample2D(2), TestData.Uniform(19, -1, 1, 2, 3, 4, 2)),
        ["Flatten"] = () => (new Flatten(), TestData.Uniform(20, -1, 1, 2, 3, 4, 5)),
        ["Unflatten"] = () => (new Unflatten(4, 3, 2), TestData.Uniform(21, -1, 1, 2, 24)),
        ["Sequential MLP"] = () => (new Sequential(new Linear(8, 6, random: new Random(6)), new ReLU(),
            new Linear(6, 4, random: new Random(7)), new LogSoftmax()), TestData.Uniform(22, -1, 1, 5, 8)),
        ["Sequential CNN with Flatten"] = () => (new Sequential(new Unflatten(8, 8, 1), new Conv2D(3, 1, 4, padding: 1, random: new Random(8)),
            new ReLU(), new MaxPool2D(2, 2), new Flatten(), new Linear(64, 10, random: new Random(9))), TestData.Uniform(23, 0, 1, 3, 64)),
        ["Sequential Conv1D"] = () => (new Sequential(new Unflatten(16, 1), new Conv1D(3, 1, 6, random: new Random(10)), new TanH(),
            new MaxPool1D(2, 2), new Flatten(), new Linear(42, 5, random: new Random(11)), new Softmax()), TestData.Uniform(24, 0, 1, 3, 16)),
        ["AutoEncoder dense"] = () => (AutoEncoder.Dense(12, [8], 3, [8], random: new Random(12)), TestData.Uniform(25, 0, 1, 4, 12)),
        ["AutoEncoder conv"] = () => (new AutoEncoder(
            new Sequential(new Unflatten(8, 8, 1), new Conv2D(3, 1, 4, stride: 2, padding: 1, random: new Random(13)), new ReLU(),
                new Flatten(), new Linear(64, 6, random: new Random(14))),
            new Sequential(new Linear(6, 64, random: new Random(15)), new ReLU(), new Unflatten(4, 4, 4),
                new ConvTranspose2D(4, 4, 1, stride: 2, padding: 1, random: new Random(16)), new Flatten(), new Sigmoid())),
            TestData.Uniform(26, 0, 1, 3, 64)),
    };

    public static IEnumerable<string> Names => Cases.Keys;

    private static Module Evaluating(Module module)
    {
        module.Eval();
        return module;
    }

    // Gives a normalization layer non-trivial affine parameters and running statistics, then evaluation mode.
    private static Module WithStatistics(Module module, int seed)
    {
        var random = new Random(seed);
        foreach (var (_, t) in module.StateDict()) random.FillUniform(t.Span, 0.5f, 1.5f);
        module.Eval();
        return module;
    }
}
