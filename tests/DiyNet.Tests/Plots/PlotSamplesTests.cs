using DiyNet.Plots;
using Xunit;
using Xunit.Abstractions;

namespace DiyNet.Tests.Plots;

/// <summary>
/// Writes one sample of every figure type and checks that each is a valid SVG. The files go to a temporary folder,
/// deleted afterwards — or, to look at them in a browser, to the folder named by DIYNET_PLOT_SAMPLES, kept.
/// </summary>
public class PlotSamplesTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryFigureTypeRendersASample()
    {
        string? keep = Environment.GetEnvironmentVariable("DIYNET_PLOT_SAMPLES");
        string folder = keep ?? Path.Combine(Path.GetTempPath(), "diynet-plot-samples-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = Samples(seed: 11).Select(s => { string p = Path.Combine(folder, s.Name + ".svg"); s.Figure.Save(p); return p; }).ToList();
            foreach (string path in written) SvgDoc.Parse(File.ReadAllText(path));
            output.WriteLine($"{written.Count} samples in {folder}");
            Assert.Equal(9, written.Count);
        }
        finally
        {
            if (keep is null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<(string Name, Figure Figure)> Samples(int seed)
    {
        var random = new Random(seed);
        double Noise() => random.NextDouble() - 0.5;
        var epochs = Enumerable.Range(1, 80).ToArray();

        yield return ("loss-log", new LineChart { Title = "MSE loss, lr = 0.1", XLabel = "epoch", YLabel = "loss", LogY = true }
            .Add("train", epochs, epochs.Select(e => Math.Exp(-e / 12.0) + 0.01 + 0.002 * Noise()))
            .Add("test", epochs, epochs.Select(e => Math.Exp(-e / 15.0) + 0.03 + 0.004 * Noise())));

        var grid = new FigureGrid(2) { Title = "Train (solid) and test (dashed) loss", ShareY = true };
        foreach (var (name, k) in new[] { ("Linear", 0), ("TanH", 1), ("ReLU", 2), ("Conv1D", 3) })
            grid.Add(new LineChart { Title = name, XLabel = "epoch", YLabel = "loss", Width = 420, Height = 300 }
                .Add("train", epochs, epochs.Select(e => 2.3 * Math.Exp(-e / (6.0 + 6 * k)) + 0.05 * k), color: Palette.Color(k))
                .Add("test", epochs, epochs.Select(e => 2.3 * Math.Exp(-e / (6.0 + 6 * k)) + 0.05 * k + 0.1), color: Palette.Color(k), dashed: true));
        yield return ("loss-grid", grid);

        var (x, y, labels) = (new List<double>(), new List<double>(), new List<int>());
        for (int i = 0; i < 400; i++)
        {
            int q = i % 4;
            x.Add((q % 2 == 0 ? 1 : -1) + 0.8 * Noise());
            y.Add((q < 2 ? 1 : -1) + 0.8 * Noise());
            labels.Add(q is 0 or 3 ? 0 : 1);
        }
        var regions = new int[100, 100];
        for (int r = 0; r < 100; r++)
            for (int c = 0; c < 100; c++) regions[r, c] = (c - 49.5) * (r - 49.5) > 0 ? 0 : 1;
        yield return ("xor-regions", new ScatterPlot { Title = "XOR: decision regions", XLabel = "x₁", YLabel = "x₂" }
            .Add(x, y, labels).DecisionRegions(regions, -2, 2, -2, 2));

        var (ex, ey, el) = (new double[3000], new double[3000], new int[3000]);
        for (int i = 0; i < 3000; i++)
        {
            el[i] = i % 10;
            ex[i] = 30 * Math.Cos(el[i] * Math.PI / 5) + 12 * Noise();
            ey[i] = 30 * Math.Sin(el[i] * Math.PI / 5) + 12 * Noise();
        }
        yield return ("embedding-3000", new ScatterPlot { Title = "t-SNE of 3000 digits" }.Add(ex, ey, el));

        var images = new ImageGrid(16, 16) { Title = "Misclassified digits", Columns = 10 };
        for (int i = 0; i < 20; i++)
        {
            var pixels = new float[256];
            for (int p = 0; p < 256; p++) pixels[p] = Math.Abs((p / 16) - 8) + Math.Abs((p % 16) - 8) < 4 + i % 4 ? 2 : 0;
            images.Add(pixels, $"pred {i % 10} / true {(i + i / 10) % 10}", highlight: i >= 10);
        }
        yield return ("digits", images);

        var counts = new int[10, 10];
        for (int i = 0; i < 2000; i++)
        {
            int t = random.Next(10);
            counts[t, random.NextDouble() < 0.9 ? t : random.Next(10)]++;
        }
        yield return ("confusion", Heatmap.ConfusionMatrix(counts));
        yield return ("confusion-rows", Heatmap.ConfusionMatrix(counts, normalization: HeatmapNormalization.Rows));

        yield return ("purity", new BarChart { Title = "k-means purity per cluster", YLabel = "purity", XLabel = "cluster" }
            .Add("raw pixels", Enumerable.Range(0, 10).Select(_ => 0.5 + 0.4 * random.NextDouble()))
            .Add("latent codes", Enumerable.Range(0, 10).Select(_ => 0.6 + 0.39 * random.NextDouble())));
        yield return ("accuracy", new BarChart { Title = "Test accuracy (5-fold CV)", YLabel = "accuracy (%)", Categories = ["Linear", "TanH", "ReLU", "Conv1D"] }
            .Add("accuracy", new[] { 88.1, 91.5, 93.2, 96.4 }, new[] { 0.9, 0.6, 0.5, 0.4 }));
    }
}
