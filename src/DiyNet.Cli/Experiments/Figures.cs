using DiyNet.Data;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet.Plots;

namespace DiyNet.Cli.Experiments;

/// <summary>The figures the experiments share, built with DiyNet.Plots from trained networks and data.</summary>
internal static class Figures
{
    /// <summary>Loss (or any metric) per epoch for several series, log-scaled when the values span a decade or more.</summary>
    public static void LossCurves(ExperimentContext context, string file, string title, params (string Name, float[] Values)[] series)
    {
        var chart = LossChart(title, series);
        context.Figure(file, chart.ToSvg(), title);
    }

    /// <summary>A loss chart (used alone or as a panel of a grid).</summary>
    public static LineChart LossChart(string title, params (string Name, float[] Values)[] series)
    {
        var present = series.Where(s => s.Values.Length > 0).ToArray();
        float min = present.Length == 0 ? 1 : present.Min(s => s.Values.Where(float.IsFinite).DefaultIfEmpty(1).Min());
        float max = present.Length == 0 ? 1 : present.Max(s => s.Values.Where(float.IsFinite).DefaultIfEmpty(1).Max());
        var chart = new LineChart { Title = title, XLabel = "epoch", YLabel = "loss", LogY = min > 0 && max / min >= 10 };
        foreach (var (name, values) in present)
            chart.Add(name, Enumerable.Range(1, values.Length), values);
        return chart;
    }

    /// <summary>Train (solid) and validation (dashed) loss of one training run, as a panel.</summary>
    public static LineChart TrainTestChart(string title, TrainingHistory history, bool logY)
    {
        var epochs = Enumerable.Range(1, history.Epochs.Count);
        return new LineChart { Title = title, XLabel = "epoch", YLabel = "loss", LogY = logY }
            .Add("train", epochs, history.TrainLoss)
            .Add("test", epochs, history.ValidationLoss, dashed: true);
    }

    /// <summary>Test points of a 2-D binary problem over the network's decision regions.</summary>
    /// <remarks>signed: the network outputs a score whose sign is the class (±1 targets); otherwise a probability.</remarks>
    public static void DecisionRegions(ExperimentContext context, string file, string title, Module net, LabeledPoints points, bool signed)
    {
        var span = points.X.Span;
        float xMin = float.MaxValue, xMax = float.MinValue, yMin = float.MaxValue, yMax = float.MinValue;
        for (int i = 0; i < points.Count; i++)
        {
            xMin = Math.Min(xMin, span[2 * i]); xMax = Math.Max(xMax, span[2 * i]);
            yMin = Math.Min(yMin, span[2 * i + 1]); yMax = Math.Max(yMax, span[2 * i + 1]);
        }
        float padX = 0.05f * (xMax - xMin), padY = 0.05f * (yMax - yMin);
        xMin -= padX; xMax += padX; yMin -= padY; yMax += padY;
        const int grid = 160;
        var mesh = new Tensor(grid * grid, 2);
        for (int r = 0; r < grid; r++)
            for (int c = 0; c < grid; c++)
            {
                mesh[r * grid + c, 0] = xMin + (c + 0.5f) * (xMax - xMin) / grid;
                mesh[r * grid + c, 1] = yMin + (r + 0.5f) * (yMax - yMin) / grid;
            }
        var output = Evaluator.Predict(net, mesh);
        var probability = new float[grid, grid];
        for (int r = 0; r < grid; r++)
            for (int c = 0; c < grid; c++)
            {
                float v = output[r * grid + c, 0];
                probability[r, c] = signed ? 1f / (1f + MathF.Exp(-4f * v)) : v;
            }
        var xs = new float[points.Count];
        var ys = new float[points.Count];
        for (int i = 0; i < points.Count; i++) { xs[i] = span[2 * i]; ys[i] = span[2 * i + 1]; }
        var plot = new ScatterPlot { Title = title, XLabel = "x₁", YLabel = "x₂", ClassNames = ["class 0", "class 1"] }
            .Add(xs, ys, points.Labels)
            .DecisionRegions(probability, xMin, xMax, yMin, yMax);
        context.Figure(file, plot.ToSvg(), title);
    }

    /// <summary>Test data of the 1-D regression with the SGD fit and the least-squares line.</summary>
    public static void Regression(ExperimentContext context, Tensor x, Tensor y, Tensor sgd, Tensor leastSquares)
    {
        int n = x.Dim(0);
        var xs = new List<float>();
        var ys = new List<float>();
        var labels = new List<int>();
        for (int i = 0; i < n; i++) { xs.Add(x[i, 0]); ys.Add(y[i, 0]); labels.Add(0); }
        // the two fitted lines, drawn densely over the data range
        var order = Enumerable.Range(0, n).OrderBy(i => x[i, 0]).ToArray();
        foreach (var (line, label) in new[] { (sgd, 1), (leastSquares, 2) })
            foreach (int i in order) { xs.Add(x[i, 0]); ys.Add(line[i, 0]); labels.Add(label); }
        var plot = new ScatterPlot { Title = "Linear regression on test data", XLabel = "x", YLabel = "y", ClassNames = ["test data", "SGD fit", "least squares"] }
            .Add(xs, ys, labels);
        context.Figure("linear-regression-fit.svg", plot.ToSvg(), "Test data, the SGD fit and the closed-form least-squares line");
    }

    /// <summary>The confusion matrix as a heatmap of counts.</summary>
    public static void Confusion(ExperimentContext context, string file, string title, ConfusionMatrix confusion)
    {
        var heatmap = DiyNet.Plots.Heatmap.ConfusionMatrix(confusion.ToArray());
        heatmap.Title = title;
        context.Figure(file, heatmap.ToSvg(), title);
    }

    /// <summary>
    /// A grid of test images with "predicted / true" captions, mistakes highlighted: the first <paramref name="count"/>
    /// examples, or only misclassified ones.
    /// </summary>
    public static void Predictions(ExperimentContext context, string file, string title, Dataset data, int[] predicted,
        int count, bool onlyMistakes)
    {
        var (h, w) = data.ImageSize ?? throw new InvalidOperationException($"{data.Name} has no image size.");
        var grid = new ImageGrid(h, w) { Title = title, Columns = 10, ValueMin = 0, ValueMax = TensorMax(data.X) };
        for (int i = 0, shown = 0; i < data.Count && shown < count; i++)
        {
            bool wrong = predicted[i] != data.Labels[i];
            if (onlyMistakes && !wrong) continue;
            grid.Add(data.X.Row(i), $"{predicted[i]} / {data.Labels[i]}", highlight: wrong);
            shown++;
        }
        context.Figure(file, grid.ToSvg(), title + " (caption: predicted / true; mistakes highlighted)");
    }

    private static float TensorMax(Tensor x) => System.Numerics.Tensors.TensorPrimitives.Max(x.Span);
}
