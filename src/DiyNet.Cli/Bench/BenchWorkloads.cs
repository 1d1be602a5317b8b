using DiyNet.Modules;

namespace DiyNet.Cli.Bench;

/// <summary>
/// The table of standard workloads (ids as in the anchor scripts; images channels-last). New workloads are added
/// here as rows; the comparison script reads the ids from <c>diynet bench --list</c>.
/// </summary>
internal static class BenchWorkloads
{
    private static Module Mlp784() => new Sequential(
        new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));

    // The CIFAR-size CNN of workloads i and j: two 3×3 convolutions (padding 1) and a 2×2 max pooling, twice, then
    // two fully connected layers; 32×32×3 → 32×32×32 → 16×16×32 → 16×16×64 → 8×8×64 = 4096 → 256 → 10.
    private static Module Cifar() => new Sequential(
        new Conv2D(3, 3, 32, padding: 1), new ReLU(), new Conv2D(3, 32, 32, padding: 1), new ReLU(), new MaxPool2D(2),
        new Conv2D(3, 32, 64, padding: 1), new ReLU(), new Conv2D(3, 64, 64, padding: 1), new ReLU(), new MaxPool2D(2),
        new Flatten(), new Linear(8 * 8 * 64, 256), new ReLU(), new Linear(256, 10));

    // The modern-recipe CNN of `diynet experiment modern-mnist` (ModernRecipe.Network(28, [32, 64, 128], 1, 128, 0.3)):
    // three stages of Conv 3×3 (padding 1, no bias) → BatchNorm2D → ReLU → MaxPool 2 (28 → 14 → 7 → 3), then
    // Dropout 0.3 → Linear 1152→128 (no bias) → BatchNorm1D → ReLU → Dropout 0.3 → Linear 128→10.
    private static Module Modern()
    {
        var random = new Random(1);
        return new Sequential(
            new Conv2D(3, 1, 32, padding: 1, bias: false), new BatchNorm2D(32), new ReLU(), new MaxPool2D(2),
            new Conv2D(3, 32, 64, padding: 1, bias: false), new BatchNorm2D(64), new ReLU(), new MaxPool2D(2),
            new Conv2D(3, 64, 128, padding: 1, bias: false), new BatchNorm2D(128), new ReLU(), new MaxPool2D(2),
            new Flatten(), new Dropout(0.3f, new Random(random.Next())), new Linear(3 * 3 * 128, 128, bias: false),
            new BatchNorm1D(128), new ReLU(), new Dropout(0.3f, new Random(random.Next())), new Linear(128, 10));
    }

    /// <summary>Every workload, in table order.</summary>
    public static IReadOnlyList<BenchWorkload> All { get; } =
    [
        new("a", "MLP 784-256-128-10, b64, 1 epoch of 60000", BenchKind.Classify, [784], 60000, 64, 1, Mlp784),
        new("b", "MLP 784-256-128-10, b256, 1 epoch of 60000", BenchKind.Classify, [784], 60000, 256, 1, Mlp784),
        new("c", "MLP 64-100-10 (8x8 digits), b32, 1797 ex, 100 epochs", BenchKind.Classify, [64], 1797, 32, 100,
            () => new Sequential(new Linear(64, 100), new ReLU(), new Linear(100, 10))),
        new("d", "LeNet-5 CNN 1x28x28, b64, 1 epoch of 10000", BenchKind.Classify, [28, 28, 1], 10000, 64, 1,
            () => new Sequential(new Conv2D(5, 1, 6, padding: 2), new ReLU(), new MaxPool2D(2),
                new Conv2D(5, 6, 16), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10))),
        new("e", "USPS CNN 1x16x16, b32, 1 epoch of 7291", BenchKind.Classify, [16, 16, 1], 7291, 32, 1,
            () => new Sequential(new Conv2D(3, 1, 16), new ReLU(), new MaxPool2D(2),
                new Conv2D(3, 16, 32), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Linear(128, 100), new ReLU(), new Linear(100, 10))),
        new("f", "Conv1D net 1x256, b32, 1 epoch of 7291", BenchKind.Classify, [256, 1], 7291, 32, 1,
            () => new Sequential(new Conv1D(3, 1, 32), new MaxPool1D(2, 2), new Flatten(),
                new Linear(32 * 127, 100), new ReLU(), new Linear(100, 10))),
        new("g", "Autoencoder 256-100-50-100-256 BCE, b32, 1 epoch of 7291", BenchKind.AutoEncode, [256], 7291, 32, 1,
            () => new Sequential(new Linear(256, 100), new TanH(), new Linear(100, 50), new TanH(),
                new Linear(50, 100), new TanH(), new Linear(100, 256), new Sigmoid())),
        new("h1", "Inference MLP(a), batch 1, 10000 ex", BenchKind.Infer, [784], 10000, 1, 1, Mlp784),
        new("h64", "Inference MLP(a), batch 64, 60000 ex", BenchKind.Infer, [784], 60000, 64, 1, Mlp784),
        new("h1024", "Inference MLP(a), batch 1024, 60000 ex", BenchKind.Infer, [784], 60000, 1024, 1, Mlp784),
        new("i", "CIFAR-size CNN 3x32x32, b128, 1 epoch of 5000", BenchKind.Classify, [32, 32, 3], 5000, 128, 1, Cifar),
        new("j", "Inference CIFAR-size CNN (i), batch 256, 5000 ex", BenchKind.Infer, [32, 32, 3], 5000, 256, 1, Cifar),
        new("k", "Modern-recipe CNN 1x28x28 (batch norm, dropout), b64, 1 epoch of 10000", BenchKind.Classify, [28, 28, 1], 10000, 64, 1, Modern),
    ];

    /// <summary>The workloads named in a comma-separated list (all when the list is empty).</summary>
    /// <exception cref="ArgumentException">An id is not in the table.</exception>
    public static IReadOnlyList<BenchWorkload> Select(string? ids)
    {
        if (string.IsNullOrWhiteSpace(ids)) return All;
        var chosen = new List<BenchWorkload>();
        foreach (string raw in ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var w = All.FirstOrDefault(x => x.Id == raw)
                ?? throw new ArgumentException($"bench: unknown workload '{raw}'; known: {string.Join(", ", All.Select(x => x.Id))}.");
            chosen.Add(w);
        }
        return chosen;
    }
}
