using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using System.Globalization;
using DiyNet.Cli.Reports;
using DiyNet.Optimization;
using DiyNet.Plots;

namespace DiyNet.Cli.Experiments.Latent;

/// <summary>
/// Report 002 §3.3.1 on the 8×8 digits: the dense autoencoder Linear(64, 200) → TanH → Linear(200, 50) → TanH /
/// mirror with a Sigmoid output, BCE; reconstruction against epochs, latent size, encoder and decoder hidden sizes.
/// </summary>
internal sealed class AutoEncoderDigitsExperiment : Experiment
{
    private const int Epochs = 100;
    private const int Shown = 10;

    public override string Name => "autoencoder-digits";
    public override string Title => "Autoencoders on the 8×8 digits: reconstruction studies";
    public override string Source => "report 002, §3.3.1";

    public override void Run(ExperimentContext context)
    {
        var (train, test) = ExperimentData.Digits(context);
        var s = context.Section;
        s.Paragraph($"{train.Count} training and {test.Count} test digits, pixels in [0, 1]. Each autoencoder is Linear → TanH " +
                    "layers down to the code and back up, a Sigmoid output, `BCELoss` (summed over the 64 pixels), SGD with " +
                    $"momentum 0.9, step 0.01, batch 32, {Epochs} epochs. Figures show the first {Shown} test digits and their reconstructions.");

        // Baseline, with snapshots of the reconstructions along training.
        int[] snapshots = [1, 5, 20, Epochs];
        var rows = new List<(string, Tensor)> { ("original", Sample(test.X)) };
        var baseline = AutoEncoder.Dense(64, [200], 50, [200], random: new Random(context.Seed));
        var history = Train(context, baseline, train, test, "report 002 baseline", e =>
        {
            if (snapshots.Contains(e)) rows.Add(($"epoch {e}", Reconstruct(baseline, test.X)));
        });
        context.SaveModel("autoencoder-digits-baseline", baseline);
        s.Result("baseline 64-200-50-200-64: test BCE per image", history.Epochs[^1].ValidationLoss!.Value, "F3");
        Figures.LossCurves(context, "ae-digits-loss.svg", "Dense autoencoder on the 8×8 digits: BCE per image", ("train", history.TrainLoss), ("test", history.ValidationLoss));
        ImageRows(context, "ae-digits-epochs.svg", "Reconstructions along training", rows);

        Study(context, train, test, "latent", "Latent size", [10, 30, 50, 70], v => AutoEncoder.Dense(64, [200], v, [200], random: new Random(context.Seed)));
        Study(context, train, test, "encoder", "Encoder hidden size (decoder 200, code 50)", [50, 100, 200], v => AutoEncoder.Dense(64, [v], 50, [200], random: new Random(context.Seed)));
        Study(context, train, test, "decoder", "Decoder hidden size (encoder 100, code 50)", [50, 100, 200], v => AutoEncoder.Dense(64, [100], 50, [v], random: new Random(context.Seed)));
    }

    private static void Study(ExperimentContext context, Dataset train, Dataset test, string id, string title, int[] values, Func<int, AutoEncoder> build)
    {
        var rows = new List<(string, Tensor)> { ("original", Sample(test.X)) };
        var table = new List<string[]>();
        var chart = new LineChart { Title = $"{title}: test BCE per image", XLabel = "epoch", YLabel = "BCE" };
        foreach (int v in values)
        {
            var ae = build(v);
            var history = Train(context, ae, train, test, $"{title} {v}", null);
            rows.Add(($"{v}", Reconstruct(ae, test.X)));
            chart.Add($"{v}", Enumerable.Range(1, history.Epochs.Count), history.ValidationLoss);
            table.Add([v.ToString(CultureInfo.InvariantCulture), F(history.Epochs[^1].TrainLoss), F(history.Epochs[^1].ValidationLoss!.Value)]);
        }
        context.Section.Paragraph($"### {title}");
        context.Section.Table([title, "train BCE per image", "test BCE per image"], table);
        context.Figure($"ae-digits-{id}-loss.svg", chart.ToSvg(), $"{title}: test loss per epoch");
        ImageRows(context, $"ae-digits-{id}.svg", $"{title}: reconstructions", rows);
    }

    private static TrainingHistory Train(ExperimentContext context, AutoEncoder ae, Dataset train, Dataset test, string label, Action<int>? onEpoch) =>
        Trainer.Train(ae, new BCELoss(), train.X, train.X, new TrainingOptions
        {
            BatchSize = 32, Epochs = Epochs, LearningRate = 0.01f, Rule = UpdateRules.Momentum(0.9f), Seed = context.Seed,
            ValidationX = test.X, ValidationY = test.X,
            OnEpoch = e => { context.Progress.Update($"{context.Section.Name}: {label}", e, Epochs); onEpoch?.Invoke(e.Epoch); },
        });

    private static Tensor Sample(Tensor x) => Preparation.TakeRows(x, Enumerable.Range(0, Shown).ToArray());

    private static Tensor Reconstruct(Module ae, Tensor x) => Evaluator.Predict(ae, Sample(x));

    /// <summary>An image grid with one labelled row per tensor of <see cref="Shown"/> 8×8 images.</summary>
    internal static void ImageRows(ExperimentContext context, string file, string title, List<(string Label, Tensor Images)> rows, int size = 8)
    {
        var grid = new ImageGrid(size, size) { Title = title, Columns = rows[0].Images.Dim(0), Zoom = size <= 8 ? 5 : 3, ValueMin = 0, ValueMax = 1, RowLabels = rows.Select(r => r.Label).ToArray() };
        foreach (var (_, images) in rows) grid.AddBatch(images.Span);
        context.Figure(file, grid.ToSvg(), title);
    }

    private static string F(float v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
