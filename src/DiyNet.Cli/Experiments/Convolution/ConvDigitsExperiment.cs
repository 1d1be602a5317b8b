using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using System.Globalization;
using DiyNet.Cli.Reports;
using DiyNet.Optimization;
using DiyNet.Plots;

namespace DiyNet.Cli.Experiments.Convolution;

/// <summary>
/// Report 002 §3.1.1, §3.2.4 and §3.2.5 on the 8×8 digits read as 64-long 1-D signals: the Conv1D network beside its
/// linear twin, then the kernel-size and feature-map sweeps.
/// </summary>
internal sealed class ConvDigitsExperiment : Experiment
{
    private const int Epochs = 100;

    public override string Name => "conv-digits";
    public override string Title => "Conv1D on the 8×8 digits: against a linear network, kernel size, feature maps";
    public override string Source => "report 002, §3.1.1, §3.2.4, §3.2.5";

    public override void Run(ExperimentContext context)
    {
        var (train, test) = ExperimentData.Digits(context);
        var s = context.Section;
        s.Paragraph($"The digits as signals of length 64 with one channel (shape (N, 64, 1), channels last); {train.Count} training " +
                    $"and {test.Count} test images; `CELogSoftmax`, SGD with momentum 0.9, step 0.02, batch 32, {Epochs} epochs.");

        var conv = Run(context, train, test, "Conv1D network", r => new Sequential(
            new Conv1D(3, 1, 32, random: r), new MaxPool1D(2, 2), new Flatten(),
            new Linear(992, 100, random: r), new ReLU(), new Linear(100, 10, random: r)), signal: true, model: "conv-digits-conv1d");
        var linear = Run(context, train, test, "linear twin", r => new Sequential(
            new Linear(64, 992, random: r), new ReLU(), new Linear(992, 100, random: r), new ReLU(), new Linear(100, 10, random: r)), signal: false, model: "conv-digits-linear-twin");
        s.Result("test accuracy, Conv1D network", conv.Accuracy, "F4");
        s.Result("test accuracy, linear twin", linear.Accuracy, "F4");
        s.Paragraph($"Conv1D network: `{NetworkText.Of(conv.Net)}`. Linear twin: `{NetworkText.Of(linear.Net)}`.");
        s.Paragraph("The report found both near 0.99 after 200 epochs, the convolution converging faster.");
        var grid = new FigureGrid(2) { Title = "Train (solid) and test (dashed) loss", ShareY = true }
            .Add(Figures.TrainTestChart("Conv1D network", conv.History, logY: true)).Add(Figures.TrainTestChart("linear twin", linear.History, logY: true));
        context.Figure("conv-digits-vs-linear.svg", grid.ToSvg(), "Conv1D network and its linear twin: loss per epoch");

        Sweep(context, train, test, "kernel", "Kernel size (10 feature maps)", [1, 5, 10], k => (k, 10));
        Sweep(context, train, test, "maps", "Feature maps (kernel 3)", [3, 10, 32], m => (3, m));
    }

    private static void Sweep(ExperimentContext context, Dataset train, Dataset test, string id, string title, int[] values, Func<int, (int Kernel, int Maps)> config)
    {
        var grid = new FigureGrid(values.Length) { Title = $"{title}: train (solid) and test (dashed) loss", ShareY = true };
        var rows = new List<string[]>();
        foreach (int v in values)
        {
            var (k, maps) = config(v);
            int flat = (64 - k + 1) / 2 * maps;
            var result = Run(context, train, test, $"{id} {v}", r => new Sequential(
                new Conv1D(k, 1, maps, random: r), new MaxPool1D(2, 2), new Flatten(), new Linear(flat, 10, random: r)), signal: true);
            string label = NetworkText.Of(result.Net);
            grid.Add(Figures.TrainTestChart($"{(id == "kernel" ? "kernel" : "maps")} {v}", result.History, logY: true));
            var last = result.History.Epochs[^1];
            rows.Add([label, F(last.TrainLoss), F(last.ValidationLoss!.Value), F((float)result.Accuracy)]);
        }
        context.Section.Paragraph($"### {title}");
        context.Figure($"conv-digits-{id}.svg", grid.ToSvg(), $"{title}: loss per epoch");
        context.Section.Table(["network", "final train loss", "final test loss", "test accuracy"], rows);
    }

    private static (Module Net, TrainingHistory History, double Accuracy) Run(ExperimentContext context, Dataset train, Dataset test, string label,
        Func<Random, Module> build, bool signal, string? model = null)
    {
        Tensor Input(Dataset d) => signal ? d.X.Reshape(d.Count, 64, 1) : d.X;
        var net = build(new Random(context.Seed));
        var history = Trainer.Train(net, new CELogSoftmax(), Input(train), train.OneHot(), new TrainingOptions
        {
            BatchSize = 32, Epochs = Epochs, LearningRate = 0.02f, Rule = UpdateRules.Momentum(0.9f), Seed = context.Seed,
            ValidationX = Input(test), ValidationY = test.OneHot(), OnEpoch = context.EpochProgress($"{context.Section.Name}: {label}", Epochs),
        });
        if (model is not null) context.SaveModel(model, net);
        return (net, history, history.Epochs[^1].ValidationAccuracy!.Value);
    }

    private static string F(float v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
