// ONNX Runtime (Microsoft.ML.OnnxRuntime 1.31.1, CPU execution provider) anchor for the inference workloads of
// `diynet bench`: h1, h64, h1024 (MLP (a) 784-256-128-10 at batch 1 over 10000 examples, batch 64 and batch 1024
// over 60000) and j (the CIFAR-size CNN of workload i, batch 256 over 5000 examples, NCHW).
// From ../../../../shared/bench-anchors/strong-peers/ort, with h64, j and each workload's peak resident set added.
//
// The models are mlp_a.onnx and cifar_cnn.onnx in --models DIR, exported by ../export_models.py (torch 1.13,
// dynamic batch). Before timing, each model's outputs on 8 inputs are compared with PyTorch's (NAME_check.bin).
// Protocol as common.py: the data is held in memory (float32, uniform [0,1); values differ from NumPy's, the
// shapes do not, and they do not affect the timings); a run is one pass over the examples in slices X[i:i+B]
// (the last may be smaller), one session.Run per slice; 1 untimed warm-up run, then the median of N timed runs.
// Each slice is handed to ORT without a copy (an OrtValue over the managed array), and the outputs are written
// into a preallocated buffer (the OrtValue Run overload with output values), the cheapest way the C# API offers.
// Threads: SessionOptions.IntraOpNumThreads = T (the calling thread is one of them), InterOpNumThreads = 1,
// sequential execution, all graph optimizations; intra-op spinning left at ORT's default (on).
//
// Usage: dotnet OrtAnchor.dll [--threads T] [--runs N] [--only h1,h64,h1024,j] [--models DIR] [--out FILE]

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

int threads = 2, runs = 3;
string only = "", outPath = "", models = AppContext.BaseDirectory;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--only": only = args[++i]; break;
        case "--models": models = args[++i]; break;
        case "--out": outPath = args[++i]; break;
        case "--list":
            foreach (var w in Work.All) Console.WriteLine($"{w.Id}\t{w.Name}");
            return 0;
        case "-h" or "--help":
            Console.WriteLine("usage: OrtAnchor [--threads T (2)] [--runs N (3)] [--only h1,h64,h1024,j] [--models DIR (with mlp_a.onnx, cifar_cnn.onnx)] [--out FILE] [--list]");
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
var ids = string.IsNullOrWhiteSpace(only)
    ? Work.All.Select(w => w.Id).ToList()
    : only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
var unknown = ids.Where(id => Work.All.All(w => w.Id != id)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown workload(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Work.All.Select(w => w.Id))}");
    return 2;
}

string version = OrtEnv.Instance().GetVersionString();
using var options = new SessionOptions
{
    IntraOpNumThreads = threads,
    InterOpNumThreads = 1,
    ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
};
Console.WriteLine($"ONNX Runtime {version}  intra-op threads {threads}  models in {models}  .NET {Environment.Version}  "
    + $"1 warm-up + median of {runs} runs");

var sessions = new Dictionary<string, InferenceSession>();
var checks = new Dictionary<string, object>();
var clock = Stopwatch.StartNew();
var results = new List<Dictionary<string, object>>();
foreach (var id in ids)
{
    var w = Work.All.First(x => x.Id == id);
    if (!sessions.TryGetValue(w.Model.Name, out var session))
    {
        string path = Path.Combine(models, w.Model.Name + ".onnx");
        sessions[w.Model.Name] = session = new InferenceSession(path, options);
        checks[w.Model.Name] = Work.Verify(session, w.Model, Path.Combine(models, w.Model.Name + "_check.bin"));
    }
    results.Add(Work.Bench(session, w, runs));
}
Console.WriteLine($"total wall time {clock.Elapsed.TotalSeconds:F1} s");

if (outPath.Length == 0) outPath = Path.Combine(AppContext.BaseDirectory, "results", $"ort_{threads}t.json");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
var payload = new Dictionary<string, object>
{
    ["impl"] = "onnxruntime",
    ["threads"] = threads,
    ["onnxruntime"] = version,
    ["execution_provider"] = "CPU",
    ["session_options"] = new Dictionary<string, object>
    {
        ["intra_op_num_threads"] = threads, ["inter_op_num_threads"] = 1,
        ["execution_mode"] = "ORT_SEQUENTIAL", ["graph_optimization_level"] = "ORT_ENABLE_ALL",
    },
    ["models"] = Path.GetFullPath(models),
    ["dotnet"] = Environment.Version.ToString(),
    ["system"] = Work.SystemInfo(),
    ["protocol"] = $"1 warm-up + median of {runs} runs",
    ["check"] = checks,
    ["results"] = results,
};
File.WriteAllText(outPath, JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"results written to {outPath}");
foreach (var session in sessions.Values) session.Dispose();
return 0;

/// <summary>An ONNX model: its file name (without .onnx), the shape of one example, FLOPs per example (2·MAC of
/// its Linear/Conv layers, forward, as torch_ref.py counts them) and parameter count.</summary>
internal sealed record OnnxModel(string Name, long[] ExampleShape, long FlopsPerExample, long Params)
{
    public int ExampleLength => (int)ExampleShape.Aggregate(1L, (a, b) => a * b);
}

internal sealed record Workload(string Id, string Name, OnnxModel Model, int N, int Batch)
{
    public int Steps => (N + Batch - 1) / Batch;
}

internal static class Work
{
    private const int Out = 10;

    private static readonly OnnxModel Mlp = new("mlp_a", [784],
        2L * (784 * 256 + 256 * 128 + 128 * 10), 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);

    // Conv 3->32, 32->32 at 32x32, 32->64, 64->64 at 16x16 (3x3, padding 1), Linear 4096->256, 256->10.
    private static readonly OnnxModel Cnn = new("cifar_cnn", [3, 32, 32],
        2L * (27 * 32 * 1024 + 288 * 32 * 1024 + 288 * 64 * 256 + 576 * 64 * 256 + 4096 * 256 + 256 * 10),
        27 * 32 + 32 + 288 * 32 + 32 + 288 * 64 + 64 + 576 * 64 + 64 + 4096 * 256 + 256 + 256 * 10 + 10);

    public static readonly Workload[] All =
    [
        new("h1", "Inference MLP(a), batch 1, 10000 ex", Mlp, 10000, 1),
        new("h64", "Inference MLP(a), batch 64, 60000 ex", Mlp, 60000, 64),
        new("h1024", "Inference MLP(a), batch 1024, 60000 ex", Mlp, 60000, 1024),
        new("j", "Inference CIFAR-size CNN (i), batch 256, 5000 ex", Cnn, 5000, 256),
    ];

    /// <summary>Runs the 8 inputs of the check file and compares with PyTorch's outputs stored after them.</summary>
    public static Dictionary<string, object> Verify(InferenceSession session, OnnxModel model, string path)
    {
        int In = model.ExampleLength;
        if (!File.Exists(path))
        {
            Console.WriteLine($"check: {path} not found, outputs not compared with PyTorch");
            return new Dictionary<string, object> { ["status"] = "not run" };
        }
        var all = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
        const int n = 8;
        float[] x = all[..(n * In)], expected = all[(n * In)..], y = new float[n * Out];
        using (var input = OrtValue.CreateTensorValueFromMemory(x, [n, .. model.ExampleShape]))
        using (var output = OrtValue.CreateTensorValueFromMemory(y, [n, Out]))
        using (var ro = new RunOptions())
            session.Run(ro, ["x"], [input], ["y"], [output]);
        double worst = 0, scale = expected.Max(MathF.Abs);
        for (int i = 0; i < y.Length; i++) worst = Math.Max(worst, Math.Abs(y[i] - expected[i]));
        string status = worst / scale < 1e-5 ? "OK" : "MISMATCH";
        Console.WriteLine($"check {model.Name} vs PyTorch 1.13 (8 examples): max |ORT - torch| = {worst:E2} (relative {worst / scale:E2}): {status}");
        return new Dictionary<string, object> { ["max_abs_diff"] = worst, ["max_rel_diff"] = worst / scale, ["status"] = status };
    }

    public static Dictionary<string, object> Bench(InferenceSession session, Workload w, int runs)
    {
        ResetPeakRss();
        int In = w.Model.ExampleLength;
        long FlopsPerExample = w.Model.FlopsPerExample;
        var random = new Random(w.Id.Sum(ch => ch));
        var x = new float[w.N * In];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle();
        var y = new float[w.Batch * Out];
        Memory<float> xm = x, ym = y;
        string[] inputNames = ["x"], outputNames = ["y"];
        using var runOptions = new RunOptions();
        var shapes = new Dictionary<int, (long[] In, long[] Out)>();
        (long[] In, long[] Out) ShapeOf(int count)
        {
            if (!shapes.TryGetValue(count, out var s)) shapes[count] = s = ([count, .. w.Model.ExampleShape], [count, Out]);
            return s;
        }
        ShapeOf(w.Batch);
        if (w.N % w.Batch != 0) ShapeOf(w.N % w.Batch);
        double checksum = 0;
        void Once()
        {
            for (int i = 0; i < w.N; i += w.Batch)
            {
                int count = Math.Min(w.Batch, w.N - i);
                var (sIn, sOut) = ShapeOf(count);
                using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, xm.Slice(i * In, count * In), sIn);
                using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ym.Slice(0, count * Out), sOut);
                session.Run(runOptions, inputNames, [input], outputNames, [output]);
                if (i + w.Batch >= w.N)
                {
                    checksum = 0;
                    for (int j = 0; j < count * Out; j++) checksum += y[j];
                }
            }
        }

        Once();
        var times = new double[runs];
        long faults0 = MinorFaults();
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            Once();
            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        double faults = (double)(MinorFaults() - faults0) / runs;
        var sorted = times.Order().ToArray();
        double med = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine($"[{w.Id,5}] {w.Name}\n"
            + $"        median {med:F4} s/run (runs: {string.Join(", ", times.Select(t => t.ToString("F4")))})  "
            + $"{w.N / med:N0} ex/s  {1e6 * med / w.Steps:F1} us/step  ~{FlopsPerExample * (double)w.N / med / 1e9:F2} GFLOP/s  "
            + $"{faults / w.Steps:F0} page faults/step");
        return new Dictionary<string, object>
        {
            ["id"] = w.Id,
            ["name"] = w.Name,
            ["batch"] = w.Batch,
            ["epochs"] = 1,
            ["examples_per_run"] = w.N,
            ["steps_per_run"] = w.Steps,
            ["times_s"] = times.Select(t => Math.Round(t, 6)).ToArray(),
            ["median_s"] = med,
            ["examples_per_s"] = w.N / med,
            ["us_per_step"] = 1e6 * med / w.Steps,
            ["gflops"] = FlopsPerExample * (double)w.N / med / 1e9,
            ["minflt_per_step"] = faults / w.Steps,
            ["flops_per_example"] = FlopsPerExample,
            ["params"] = w.Model.Params,
            ["peak_rss_bytes"] = PeakRssBytes(),
            ["checksum"] = Math.Round(checksum, 5),
        };
    }

    private static void ResetPeakRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception) { }
    }

    private static long PeakRssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:"))
                return 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }

    private static long MinorFaults()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7], CultureInfo.InvariantCulture);
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
            using var p = Process.Start(new ProcessStartInfo("lscpu") { RedirectStandardOutput = true })!;
            foreach (var line in p.StandardOutput.ReadToEnd().Split('\n'))
                if (line.StartsWith("Model name:")) info["cpu_model"] = line.Split(':', 2)[1].Trim();
            p.WaitForExit();
        }
        catch (Exception) { }
        return info;
    }
}
