// TorchSharp (LibTorch 2.10 CPU) anchor for the DiyNet benchmarks: every workload of `diynet bench`.
//
// From ../../../../shared/bench-anchors/strong-peers/torchsharp (workloads a-h1024), with the workloads of
// ../workloads.py added (h64: MLP (a) inference at batch 64; i: the CIFAR-size CNN, training at batch 128; j: the
// same network, inference at batch 256) and each workload's peak resident set (VmHWM, reset before its data is
// made: LibTorch, the .NET runtime, data and network). The same workloads, data shapes, training step and timing
// protocol as the shared anchors (common.py + torch_ref.py), written the way a careful TorchSharp user would write
// them:
//   * data held in memory as one tensor; every epoch draws torch.randperm(n) and each mini-batch is gathered
//     from it (X.index_select(0, perm[i:i+B]); the last batch may be smaller);
//   * step = zero_grad (set_to_none, through Module.zero_grad) -> forward -> loss (mean reduction) -> backward ->
//     SGD(lr 0.05, momentum 0) step (TorchSharp's SGD: param.add_(grad, alpha: -lr) per parameter, as torch's);
//   * every step runs inside torch.NewDisposeScope(), so its temporaries are freed at once (TorchSharp's
//     recommended practice; without it native memory waits for the .NET finalizer);
//   * inference (h1, h1024) under torch.no_grad(), model.eval(), one forward call per slice X[i:i+B];
//   * 1 untimed warm-up run, then the median of N timed runs (Stopwatch). A run is one epoch; 100 epochs for c;
//     one pass over the examples for h.
// Threads: OMP_NUM_THREADS / MKL_NUM_THREADS are set (through libc setenv, before LibTorch loads) and
// torch.set_num_threads(T) is called. Convolutions are channels-first (NCHW / NCL), TorchSharp's native layout.
// Synthetic data: uniform [0,1) inputs and uniform labels over 10 classes from a torch.Generator seeded like
// common.py (SEED + sum of the id's character codes); the values differ from NumPy's, the shapes and dtypes
// (float32 inputs, int64 labels) are the same, and the values do not affect the timings.
//
// Usage: dotnet TorchSharpAnchor.dll [--threads T] [--runs N] [--only a,c,h1] [--out FILE] [--no-probe] [--list]

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

int threads = 2, runs = 3;
string only = "", outPath = "";
bool probe = true, list = false;
string checkDir = "";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--only": only = args[++i]; break;
        case "--out": outPath = args[++i]; break;
        case "--no-probe": probe = false; break;
        case "--list": list = true; break;
        case "--check": checkDir = args[++i]; break;
        case "-h" or "--help":
            Console.WriteLine("usage: TorchSharpAnchor [--threads T (2)] [--runs N (3)] [--only a,c,h1] [--out FILE] [--no-probe] [--list]\n"
                + "       TorchSharpAnchor --check DIR   (one forward/backward/SGD step on the batches check_vs_torch.py wrote; see there)");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}' (try --help)");
            return 2;
    }
}
if (threads < 1 || runs < 1)
{
    Console.Error.WriteLine("--threads and --runs must be at least 1");
    return 2;
}
if (list)
{
    foreach (var w in Workloads.All) Console.WriteLine($"{w.Id}\t{w.Name}");
    return 0;
}

// Before anything touches the torch class (its static constructor loads LibTorch).
Native.SetEnv("OMP_NUM_THREADS", threads.ToString(CultureInfo.InvariantCulture));
Native.SetEnv("MKL_NUM_THREADS", threads.ToString(CultureInfo.InvariantCulture));

torch.set_num_threads(threads);

if (checkDir.Length > 0) return Check.Run(checkDir);

var ids = string.IsNullOrWhiteSpace(only)
    ? Workloads.All.Select(w => w.Id).ToList()
    : only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
foreach (var id in ids)
{
    if (Workloads.All.All(w => w.Id != id))
    {
        Console.Error.WriteLine($"unknown workload '{id}'; known: {string.Join(", ", Workloads.All.Select(w => w.Id))}");
        return 2;
    }
}

string tsVersion = typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";
Console.WriteLine($"TorchSharp {tsVersion}  LibTorch {torch.__version__}  torch threads {torch.get_num_threads()} "
    + $"(interop {torch.get_num_interop_threads()})  .NET {Environment.Version}  1 warm-up + median of {runs} runs");

var clock = Stopwatch.StartNew();
var results = new List<Dictionary<string, object>>();
foreach (var id in ids) results.Add(Bench.Workload(Workloads.All.First(w => w.Id == id), runs));
var probeResult = probe ? Bench.OverheadProbe() : new Dictionary<string, double>();
Console.WriteLine($"total wall time {clock.Elapsed.TotalSeconds:F1} s");

if (outPath.Length == 0)
    outPath = Path.Combine(AppContext.BaseDirectory, "results", $"torchsharp_{threads}t.json");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
var payload = new Dictionary<string, object>
{
    ["impl"] = "torchsharp",
    ["threads"] = threads,
    ["torch"] = torch.__version__,
    ["torchsharp"] = tsVersion,
    ["dotnet"] = Environment.Version.ToString(),
    ["torch_threads"] = torch.get_num_threads(),
    ["torch_interop_threads"] = torch.get_num_interop_threads(),
    ["env"] = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
        .Where(e => e.Key is string k && (k.StartsWith("MALLOC_") || k.StartsWith("OMP_") || k.StartsWith("MKL_") || k.StartsWith("GOMP_") || k.StartsWith("KMP_")))
        .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? ""),   // OMP_/MKL_NUM_THREADS: set above
    ["system"] = Bench.SystemInfo(),
    ["protocol"] = $"1 warm-up + median of {runs} runs",
    ["probe"] = probeResult,
    ["results"] = results,
};
File.WriteAllText(outPath, JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"results written to {outPath}");
return 0;

/// <summary>One workload of common.py.</summary>
internal sealed record Workload(string Id, string Name, string Kind, long[] XShape, int N, int Batch, int Epochs)
{
    public int StepsPerRun => (N + Batch - 1) / Batch * Epochs;
}

/// <summary>The workload table of common.py (kind: clf = softmax cross-entropy, ae = BCE vs input, infer).</summary>
internal static class Workloads
{
    public const int Seed = 0;
    public const double LearningRate = 0.05;

    public static readonly Workload[] All =
    [
        new("a", "MLP 784-256-128-10, b64, 1 epoch of 60000", "clf", [784], 60000, 64, 1),
        new("b", "MLP 784-256-128-10, b256, 1 epoch of 60000", "clf", [784], 60000, 256, 1),
        new("c", "MLP 64-100-10 (8x8 digits), b32, 1797 ex, 100 epochs", "clf", [64], 1797, 32, 100),
        new("d", "LeNet-5 CNN 1x28x28, b64, 1 epoch of 10000", "clf", [1, 28, 28], 10000, 64, 1),
        new("e", "USPS CNN 1x16x16, b32, 1 epoch of 7291", "clf", [1, 16, 16], 7291, 32, 1),
        new("f", "Conv1D net 1x256, b32, 1 epoch of 7291", "clf", [1, 256], 7291, 32, 1),
        new("g", "Autoencoder 256-100-50-100-256 BCE, b32, 1 epoch of 7291", "ae", [256], 7291, 32, 1),
        new("h1", "Inference MLP(a), batch 1, 10000 ex", "infer", [784], 10000, 1, 1),
        new("h64", "Inference MLP(a), batch 64, 60000 ex", "infer", [784], 60000, 64, 1),
        new("h1024", "Inference MLP(a), batch 1024, 60000 ex", "infer", [784], 60000, 1024, 1),
        new("i", "CIFAR-size CNN 3x32x32, b128, 1 epoch of 5000", "clf", [3, 32, 32], 5000, 128, 1),
        new("j", "Inference CIFAR-size CNN (i), batch 256, 5000 ex", "infer", [3, 32, 32], 5000, 256, 1),
        new("k", "Modern-recipe CNN 1x28x28 (batch norm, dropout), b64, 1 epoch of 10000", "clf", [1, 28, 28], 10000, 64, 1),
    ];

    /// <summary>The networks of torch_models.py (weights from torch.manual_seed(0)).</summary>
    public static nn.Module<Tensor, Tensor> Build(string id)
    {
        torch.manual_seed(Seed);
        return id switch
        {
            "a" or "b" or "h1" or "h64" or "h1024" => nn.Sequential(
                nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)),
            "c" => nn.Sequential(nn.Linear(64, 100), nn.ReLU(), nn.Linear(100, 10)),
            "d" => nn.Sequential(
                nn.Conv2d(1, 6, 5, padding: 2), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10)),
            "e" => nn.Sequential(
                nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Linear(32 * 2 * 2, 100), nn.ReLU(), nn.Linear(100, 10)),
            "f" => nn.Sequential(
                nn.Conv1d(1, 32, 3), nn.MaxPool1d(2, 2), nn.Flatten(),
                nn.Linear(32 * 127, 100), nn.ReLU(), nn.Linear(100, 10)),
            "g" => nn.Sequential(
                nn.Linear(256, 100), nn.Tanh(), nn.Linear(100, 50), nn.Tanh(),
                nn.Linear(50, 100), nn.Tanh(), nn.Linear(100, 256), nn.Sigmoid()),
            "i" or "j" => nn.Sequential(
                nn.Conv2d(3, 32, 3, padding: 1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, 10)),
            "k" => nn.Sequential(
                nn.Conv2d(1, 32, 3, padding: 1, bias: false), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(32, 64, 3, padding: 1, bias: false), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(64, 128, 3, padding: 1, bias: false), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Dropout(0.3), nn.Linear(128 * 3 * 3, 128, hasBias: false), nn.BatchNorm1d(128), nn.ReLU(),
                nn.Dropout(0.3), nn.Linear(128, 10)),
            _ => throw new ArgumentException(id),
        };
    }

    /// <summary>Inputs (float32, uniform [0,1)) and targets (int64 labels, or the input for the autoencoder).</summary>
    public static (Tensor X, Tensor Y) MakeData(Workload w)
    {
        var gen = new torch.Generator((ulong)(Seed + w.Id.Sum(ch => ch)));
        long[] shape = [w.N, .. w.XShape];
        var x = torch.rand(shape, dtype: ScalarType.Float32, generator: gen);
        var y = w.Kind == "ae"
            ? x.reshape(w.N, -1).clone()
            : torch.randint(0, 10, [w.N], dtype: ScalarType.Int64, generator: gen);
        return (x, y);
    }
}

internal static class Bench
{
    /// <summary>
    /// Per-example forward FLOPs (2·MAC) of each Linear/Conv layer, from a forward pass on one example in evaluation
    /// mode (batch normalization cannot train on one example); the model is left in training mode.
    /// </summary>
    private static List<long> LayerFlops(nn.Module<Tensor, Tensor> model, long[] xShape)
    {
        model.eval();
        try { return LayerFlopsInEval(model, xShape); }
        finally { model.train(); }
    }

    private static List<long> LayerFlopsInEval(nn.Module<Tensor, Tensor> model, long[] xShape)
    {
        var flops = new List<long>();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([1, .. xShape]);
        foreach (var (_, child) in model.named_children())
        {
            var m = (nn.Module<Tensor, Tensor>)child;
            var y = m.call(x);
            Tensor? weight = m switch
            {
                TorchSharp.Modules.Linear l => l.weight,
                TorchSharp.Modules.Conv1d c => c.weight,
                TorchSharp.Modules.Conv2d c => c.weight,
                _ => null,
            };
            if (weight is not null)
            {
                long positions = 1;
                for (int d = 2; d < y.shape.Length; d++) positions *= y.shape[d];
                flops.Add(2 * weight.numel() * positions);
            }
            x = y;
        }
        return flops;
    }

    private static long MinorFaults()
    {
        // /proc/self/stat: "pid (comm) state ppid pgrp session tty tpgid flags minflt ..."
        string stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }

    private static (double[] Times, double FaultsPerRun) TimeRuns(Action once, int warmup, int repeats)
    {
        for (int i = 0; i < warmup; i++) once();
        var times = new double[repeats];
        long faults0 = MinorFaults();
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            once();
            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return (times, (double)(MinorFaults() - faults0) / repeats);
    }

    private static double Median(double[] values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>Starts a new peak resident set (Linux: VmHWM back to the current resident set).</summary>
    private static void ResetPeakRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception) { }
    }

    /// <summary>The peak resident set since the last reset, in bytes.</summary>
    private static long PeakRssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:"))
                return 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }

    public static Dictionary<string, object> Workload(Workload w, int runs)
    {
        ResetPeakRss();
        var (x, y) = Workloads.MakeData(w);
        var model = Workloads.Build(w.Id);
        var layerFlops = LayerFlops(model, w.XShape);
        long flops = w.Kind == "infer" ? layerFlops.Sum() : 3 * layerFlops.Sum() - layerFlops[0];
        var last = new Dictionary<string, double>();
        Action once;
        if (w.Kind == "infer")
        {
            model.eval();
            once = () =>
            {
                using var noGrad = torch.no_grad();
                for (int i = 0; i < w.N; i += w.Batch)
                {
                    using var scope = torch.NewDisposeScope();
                    var output = model.call(x.slice(0, i, Math.Min(i + w.Batch, w.N), 1));
                    if (i + w.Batch >= w.N) last["checksum"] = output.sum().item<float>();
                }
            };
        }
        else
        {
            nn.Module<Tensor, Tensor, Tensor> lossFn = w.Kind == "ae" ? nn.BCELoss() : nn.CrossEntropyLoss();
            var optimizer = torch.optim.SGD(model.parameters(), Workloads.LearningRate, momentum: 0.0);
            var shuffle = new torch.Generator(Workloads.Seed);
            once = () =>
            {
                model.train();
                for (int epoch = 0; epoch < w.Epochs; epoch++)
                {
                    using var perm = torch.randperm(w.N, generator: shuffle);        // fresh shuffle per epoch
                    for (int i = 0; i < w.N; i += w.Batch)
                    {
                        using var scope = torch.NewDisposeScope();
                        var idx = perm.slice(0, i, Math.Min(i + w.Batch, w.N), 1);   // gather one mini-batch
                        var xb = x.index_select(0, idx);
                        var yb = y.index_select(0, idx);
                        model.zero_grad(set_to_none: true);   // = opt.zero_grad(set_to_none=True): the optimizer
                                                              // holds exactly the model's parameters, and TorchSharp's
                                                              // Optimizer.zero_grad() would zero_() them instead
                        var loss = lossFn.call(model.call(xb), yb);
                        loss.backward();
                        optimizer.step();
                        if (epoch == w.Epochs - 1 && i + w.Batch >= w.N) last["loss"] = loss.item<float>();
                    }
                }
            };
        }

        var (times, faults) = TimeRuns(once, 1, runs);
        double med = Median(times);
        long examples = (long)w.N * w.Epochs;
        var rec = new Dictionary<string, object>
        {
            ["id"] = w.Id,
            ["name"] = w.Name,
            ["batch"] = w.Batch,
            ["epochs"] = w.Epochs,
            ["examples_per_run"] = examples,
            ["steps_per_run"] = w.StepsPerRun,
            ["times_s"] = times.Select(t => Math.Round(t, 6)).ToArray(),
            ["median_s"] = med,
            ["examples_per_s"] = examples / med,
            ["us_per_step"] = 1e6 * med / w.StepsPerRun,
            ["gflops"] = flops * (double)examples / med / 1e9,
            ["minflt_per_step"] = faults / w.StepsPerRun,
            ["flops_per_example"] = flops,
            ["params"] = model.parameters().Sum(p => p.numel()),
            ["peak_rss_bytes"] = PeakRssBytes(),
        };
        foreach (var (k, v) in last) rec[k] = Math.Round(v, 5);
        Console.WriteLine($"[{w.Id,5}] {w.Name}\n"
            + $"        median {med:F4} s/run (runs: {string.Join(", ", times.Select(t => t.ToString("F4")))})  "
            + $"{examples / med:N0} ex/s  {1e6 * med / w.StepsPerRun:F1} us/step  ~{flops * (double)examples / med / 1e9:F2} GFLOP/s  "
            + $"{faults / w.StepsPerRun:F0} page faults/step");
        model.Dispose();
        x.Dispose();
        y.Dispose();
        return rec;
    }

    /// <summary>torch_ref.py's probe: a tiny add, a Linear(1,1) forward under no_grad, a full Linear(1,1) training step.</summary>
    public static Dictionary<string, double> OverheadProbe(int reps = 20000)
    {
        var a = torch.ones(4);
        var lin = nn.Linear(1, 1);
        var x = torch.ones(1, 1);
        var y = torch.ones(1, 1);
        var opt = torch.optim.SGD(lin.parameters(), 1e-3);
        var mse = nn.MSELoss();
        var res = new Dictionary<string, double>();
        void TinyAdd()
        {
            for (int i = 0; i < reps; i++) torch.add(a, a).Dispose();
        }
        void TinyLinear()
        {
            using var noGrad = torch.no_grad();
            for (int i = 0; i < reps; i++) lin.call(x).Dispose();
        }
        void TinyTrainStep()
        {
            for (int i = 0; i < reps / 4; i++)
            {
                using var scope = torch.NewDisposeScope();
                lin.zero_grad(set_to_none: true);
                mse.call(lin.call(x), y).backward();
                opt.step();
            }
        }
        foreach (var (name, fn, n) in new (string, Action, int)[]
                 { ("tiny_add_us", TinyAdd, reps), ("tiny_linear_fwd_nograd_us", TinyLinear, reps), ("tiny_train_step_us", TinyTrainStep, reps / 4) })
        {
            var (ts, _) = TimeRuns(fn, 1, 5);
            res[name] = 1e6 * Median(ts) / n;
        }
        Console.WriteLine("[probe] per-call overhead: " + string.Join(", ", res.Select(kv => $"{kv.Key[..^3]} {kv.Value:F2} us")));
        return res;
    }

    public static Dictionary<string, object> SystemInfo()
    {
        var info = new Dictionary<string, object>
        {
            ["dotnet"] = Environment.Version.ToString(),
            ["machine"] = RuntimeInformation.ProcessArchitecture.ToString(),
            ["cpus"] = Environment.ProcessorCount,
        };
        try
        {
            var psi = new ProcessStartInfo("lscpu") { RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            foreach (var line in p.StandardOutput.ReadToEnd().Split('\n'))
                if (line.StartsWith("Model name:")) info["cpu_model"] = line.Split(':', 2)[1].Trim();
            p.WaitForExit();
        }
        catch (Exception) { }
        return info;
    }
}

/// <summary>
/// Equivalence check with PyTorch 1.13 (driven by check_vs_torch.py): for every training workload, load the
/// weights and an 8-example batch that torch 1.13 wrote, run two steps on it exactly as the timed loop does
/// (zero_grad, forward, loss, backward, SGD), and write back the initial weights TorchSharp drew itself, the outputs,
/// loss and gradients of the second step and the weights after it (all float32, parameters in named_parameters order).
/// </summary>
internal static class Check
{
    public static int Run(string dir)
    {
        foreach (var w in Workloads.All.Where(w => w.Kind != "infer"))
        {
            if (!File.Exists(Path.Combine(dir, $"{w.Id}_params.bin"))) continue;   // a workload the check script does not define
            using var scope = torch.NewDisposeScope();
            var model = Workloads.Build(w.Id);
            var ps = model.parameters().ToList();
            var init = torch.cat(ps.Select(p => p.detach().flatten()).ToList(), 0);
            var loaded = torch.from_array(Read<float>(Path.Combine(dir, $"{w.Id}_params.bin")));
            using (torch.no_grad())
            {
                long at = 0;
                foreach (var p in ps)
                {
                    p.copy_(loaded.slice(0, at, at + p.numel(), 1).reshape(p.shape));
                    at += p.numel();
                }
                if (at != loaded.shape[0]) throw new InvalidOperationException($"{w.Id}: {loaded.shape[0]} weights given, model has {at}");
            }
            long[] shape = [8, .. w.XShape];
            var x = torch.from_array(Read<float>(Path.Combine(dir, $"{w.Id}_x.bin"))).reshape(shape);
            var y = w.Kind == "ae"
                ? torch.from_array(Read<float>(Path.Combine(dir, $"{w.Id}_y.bin"))).reshape(8, -1)
                : torch.from_array(Read<long>(Path.Combine(dir, $"{w.Id}_y.bin")));
            nn.Module<Tensor, Tensor, Tensor> lossFn = w.Kind == "ae" ? nn.BCELoss() : nn.CrossEntropyLoss();
            var optimizer = torch.optim.SGD(model.parameters(), Workloads.LearningRate, momentum: 0.0);
            model.train();
            Tensor output = null!, loss = null!, grads = null!;
            for (int step = 0; step < 2; step++)   // two steps: a gradient left over from step 1 would show in step 2
            {
                model.zero_grad(set_to_none: true);
                output = model.call(x);
                loss = lossFn.call(output, y);
                loss.backward();
                grads = torch.cat(ps.Select(p => p.grad!.flatten()).ToList(), 0);
                optimizer.step();
            }
            var after = torch.cat(ps.Select(p => p.detach().flatten()).ToList(), 0);
            var all = torch.cat([init, output.detach().flatten(), loss.detach().reshape(1), grads, after], 0);
            File.WriteAllBytes(Path.Combine(dir, $"{w.Id}_ts.bin"), MemoryMarshal.AsBytes(all.data<float>().ToArray().AsSpan()).ToArray());
            Console.WriteLine($"{w.Id}: {ps.Count} parameter tensors, {init.shape[0]} weights, output {string.Join("x", output.shape)}, loss {loss.item<float>():F6}");
            model.Dispose();
        }
        return 0;
    }

    private static T[] Read<T>(string path) where T : unmanaged => MemoryMarshal.Cast<byte, T>(File.ReadAllBytes(path)).ToArray();
}

internal static partial class Native
{
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    /// <summary>Sets a variable in the native environment (read by OpenMP/MKL when LibTorch loads).</summary>
    public static void SetEnv(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (setenv(name, value, 1) != 0) throw new InvalidOperationException($"setenv {name} failed");
    }
}
