using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using BenchmarkDotNet.Attributes;

namespace DiyNet.Benchmarks;

/// <summary>One <see cref="Optim.Step"/> (forward, loss, backward, update) of the networks of <c>diynet bench</c>.</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Optim _optim = new(new Linear(1, 1), new MSELoss());
    private Tensor _x = new(1, 1), _y = new(1, 1);

    /// <summary>The network: <c>a</c> (MLP 784-256-128-10, batch 64), <c>c</c> (64-100-10, batch 32), <c>g</c> (autoencoder, batch 32).</summary>
    [Params("a", "c", "g")]
    public string Network { get; set; } = "a";

    /// <summary>Builds the network, the optimizer and one batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Rng.ManualSeed(0);
        var r = new Random(1);
        (Module net, Loss loss, int batch, int inputs, int outputs) = Network switch
        {
            "a" => ((Module)new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10)),
                (Loss)new CELogSoftmax(), 64, 784, 10),
            "c" => (new Sequential(new Linear(64, 100), new ReLU(), new Linear(100, 10)), new CELogSoftmax(), 32, 64, 10),
            _ => (new Sequential(new Linear(256, 100), new TanH(), new Linear(100, 50), new TanH(), new Linear(50, 100), new TanH(),
                new Linear(100, 256), new Sigmoid()), new BCELoss(), 32, 256, 256),
        };
        _x = new Tensor(batch, inputs);
        r.FillUniform(_x.Span, 0f, 1f);
        if (Network == "g") _y = _x;
        else
        {
            _y = new Tensor(batch, outputs);
            for (int i = 0; i < batch; i++) _y[i, r.Next(outputs)] = 1f;
        }
        _optim = new Optim(net, loss, 0.05f);
    }

    /// <summary>One training step.</summary>
    [Benchmark]
    public float Step() => _optim.Step(_x, _y);
}
