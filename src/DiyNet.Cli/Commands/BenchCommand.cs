using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DiyNet.Cli.Bench;
using DiyNet.Kernels;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet bench</c>: times the standard workloads with the protocol of the anchor scripts.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var only = new Option<string?>("--only") { Description = "Comma-separated workload ids (default: all), e.g. a,c,h1." };
        var runs = new Option<int>("--runs") { Description = "Timed runs per workload, after one warm-up.", DefaultValueFactory = _ => 3 };
        var threads = new Option<int?>("--threads") { Description = "Kernel threads (default: DIYNET_THREADS or the number of cores)." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the results to this JSON file." };
        var list = new Option<bool>("--list") { Description = "Print the workload ids and names, and exit." };
        var gemm = new Option<string?>("--gemm")
        {
            Description = "Instead of the workloads, time square products of these sizes (e.g. 1024,2048) on the managed kernel, then on OpenBLAS.",
        };
        var serve = new Option<bool>("--serve")
        {
            Description = "Instead of the workloads, measure diynet serve: requests from concurrent clients to an in-process server on 127.0.0.1 "
                + "(--only iris,mlp picks the networks), every answer checked against the offline prediction; throughput and latency percentiles.",
        };
        var requests = new Option<int>("--requests") { Description = "With --serve: timed requests per network (after a warm-up of a tenth).", DefaultValueFactory = _ => 20_000 };
        var clients = new Option<int>("--clients") { Description = "With --serve: concurrent HTTP clients.", DefaultValueFactory = _ => 32 };
        var rows = new Option<int>("--rows") { Description = "With --serve: rows per request.", DefaultValueFactory = _ => 1 };
        var profile = new Option<bool>("--profile")
        {
            Description = "Instead of timing whole runs, time each layer's forward and backward passes, the loss and the update of the "
                + "training workloads named by --only (layers unfused), and print where a step's time goes.",
        };
        var steps = new Option<int>("--steps") { Description = "With --profile: timed steps per workload (after a warm-up of a fifth).", DefaultValueFactory = _ => 100 };
        var command = new Command("bench", "Time the standard training and inference workloads (median of runs after a warm-up), or diynet serve (--serve).")
        {
            only, runs, threads, json, list, gemm, serve, requests, clients, rows, profile, steps,
        };
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(list))
            {
                foreach (var w in BenchWorkloads.All) Console.WriteLine($"{w.Id}\t{w.Name}");
                return 0;
            }
            int runCount = parseResult.GetValue(runs);
            if (runCount < 1)
            {
                Console.Error.WriteLine($"bench: --runs must be at least 1, got {runCount}.");
                return 2;
            }
            if (parseResult.GetValue(threads) is int t)
            {
                if (t < 1)
                {
                    Console.Error.WriteLine($"bench: --threads must be at least 1, got {t}.");
                    return 2;
                }
                KernelSettings.MaxThreads = t;
            }
            Console.WriteLine($"DiyNet bench: {KernelSettings.MaxThreads} thread(s), GEMM {KernelSettings.GemmProvider} "
                + $"({(KernelSettings.VectorBits == 32 ? "scalar, no" : KernelSettings.VectorBits + "-bit")} vectors), {Environment.ProcessorCount} cores, "
                + (parseResult.GetValue(serve) ? "diynet serve in-process on 127.0.0.1, a warm-up of a tenth of the requests" : $"1 warm-up + median of {runCount} runs"));
            if (parseResult.GetValue(gemm) is string sizesText) return RunGemm(sizesText, runCount, parseResult.GetValue(json));
            if (parseResult.GetValue(serve))
                return RunServe(parseResult.GetValue(requests), parseResult.GetValue(clients), parseResult.GetValue(rows), parseResult.GetValue(only), parseResult.GetValue(json));
            IReadOnlyList<BenchWorkload> workloads;
            try { workloads = BenchWorkloads.Select(parseResult.GetValue(only)); }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            if (parseResult.GetValue(profile)) return RunProfile(workloads, parseResult.GetValue(steps));
            var results = new List<BenchResult>();
            foreach (var w in workloads)
            {
                var r = BenchRunner.Run(w, runCount);
                results.Add(r);
                Print(r);
            }
            if (parseResult.GetValue(json) is FileInfo file) WriteJson(file, results, runCount);
            return 0;
        });
        return command;
    }

    private static int RunProfile(IReadOnlyList<BenchWorkload> workloads, int steps)
    {
        if (steps < 1)
        {
            Console.Error.WriteLine($"bench: --steps must be at least 1, got {steps}.");
            return 2;
        }
        var inv = CultureInfo.InvariantCulture;
        foreach (var w in workloads)
        {
            LayerProfile p;
            try { p = LayerProfile.Run(w, steps); }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            bool infer = w.Kind == BenchKind.Infer;
            Console.WriteLine(infer
                ? $"[{w.Id,5}] {w.Name}: {p.Steps} forward passes of batch {w.BatchSize} in evaluation mode, layers unfused; microseconds per batch"
                : $"[{w.Id,5}] {w.Name}: {p.Steps} steps of batch {w.BatchSize}, layers unfused; microseconds per step");
            Console.WriteLine($"        {"pass",-44} {"forward",9} {"dW",9} {"dX",9} {"total",9} {"share",6} {"GFLOP/s",8}");
            foreach (var r in p.Rows)
            {
                string name = r.Name.Length > 44 ? r.Name[..43] + "…" : r.Name;
                string rate = double.IsNaN(r.Gflops) ? "" : r.Gflops.ToString("F1", inv);
                Console.WriteLine(string.Create(inv, $"        {name,-44} {r.ForwardSeconds * 1e6,9:F1} {r.WeightGradientSeconds * 1e6,9:F1} {r.InputGradientSeconds * 1e6,9:F1} {r.TotalSeconds * 1e6,9:F1} {r.TotalSeconds / p.StepSeconds,6:P0} {rate,8}"));
            }
            long flops = p.Rows.Sum(r => r.Flops);
            string through = infer ? "through Sequential.Forward" : "through Optim.Step";
            Console.WriteLine(string.Create(inv, $"        sum {p.StepSeconds * 1e6:F1} us/step ({flops / p.StepSeconds / 1e9:F1} GFLOP/s); {through}, layers fused: {p.FusedStepSeconds * 1e6:F1} us/step ({flops / p.FusedStepSeconds / 1e9:F1} GFLOP/s)"));
        }
        return 0;
    }

    private static int RunGemm(string sizesText, int runs, FileInfo? file)
    {
        var sizes = new List<int>();
        foreach (string part in sizesText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 1)
            {
                Console.Error.WriteLine($"bench: --gemm takes sizes ≥ 1 separated by commas, got '{part}'.");
                return 2;
            }
            sizes.Add(n);
        }
        var results = GemmBench.Run(sizes, runs);
        foreach (var r in results)
        {
            string native = double.IsNaN(r.OpenBlasGflops) ? "   (OpenBLAS, libopenblas.so.0, not found)" : string.Create(CultureInfo.InvariantCulture,
                $"   OpenBLAS {r.OpenBlasGflops,7:F1} GFLOP/s   managed/OpenBLAS {r.ManagedGflops / r.OpenBlasGflops:P0}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[gemm {r.Size}³] managed {r.ManagedGflops,7:F1} GFLOP/s{native}"));
        }
        if (file is not null)
        {
            file.Directory?.Create();
            using var stream = file.Create();
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteString("impl", "diynet-gemm");
            writer.WriteNumber("threads", KernelSettings.MaxThreads);
            writer.WriteNumber("vector_bits", KernelSettings.VectorBits);
            writer.WriteStartArray("gemm");
            foreach (var r in results)
            {
                writer.WriteStartObject();
                writer.WriteNumber("size", r.Size);
                writer.WriteNumber("managed_gflops", r.ManagedGflops);
                WriteArray(writer, "managed_s", r.ManagedSeconds);
                writer.WriteNumber("managed_cpu_gflops", r.ManagedProcessorGflops);
                WriteArray(writer, "managed_cpu_s", r.ManagedProcessorSeconds);
                if (r.OpenBlasSeconds is not null)
                {
                    writer.WriteNumber("openblas_gflops", r.OpenBlasGflops);
                    WriteArray(writer, "openblas_s", r.OpenBlasSeconds);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return 0;
    }

    private static int RunServe(int requests, int clients, int rows, string? only, FileInfo? file)
    {
        if (requests < 1 || clients < 1 || rows < 1)
        {
            Console.Error.WriteLine($"bench: --requests, --clients and --rows must be at least 1, got {requests}, {clients}, {rows}.");
            return 2;
        }
        IReadOnlyList<ServeBenchResult> results;
        try { results = ServeBench.Run(requests, clients, rows, only, Console.Error); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var inv = CultureInfo.InvariantCulture;
        int failed = 0;
        foreach (var r in results)
        {
            var l = r.Load;
            Console.WriteLine(string.Create(inv, $"[serve {r.Id}] {r.Name}: {l.Requests:N0} requests of {r.Rows} row(s) from {l.Clients} clients in {l.Seconds:F2} s"));
            Console.WriteLine(string.Create(inv,
                $"        {l.Throughput:N0} requests/s ({l.Throughput * r.Rows:N0} rows/s)  latency p50 {l.Percentile(0.5):F2} ms  p90 {l.Percentile(0.9):F2} ms  "
                + $"p99 {l.Percentile(0.99):F2} ms  max {l.LatenciesMs[^1]:F1} ms  errors {l.Errors}  mismatches {l.Mismatches}  "
                + $"replicas {r.Replicas}  load average {r.LoadBefore} → {r.LoadAfter}"));
            if (l.FirstProblem is not null) Console.WriteLine($"        first problem: {l.FirstProblem}");
            if (l.Errors + l.Mismatches > 0) failed++;
        }
        if (file is not null)
        {
            file.Directory?.Create();
            using var stream = file.Create();
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteString("impl", "diynet-serve");
            writer.WriteStartArray("serve");
            foreach (var r in results)
            {
                var l = r.Load;
                writer.WriteStartObject();
                writer.WriteString("id", r.Id);
                writer.WriteString("name", r.Name);
                writer.WriteNumber("rows_per_request", r.Rows);
                writer.WriteNumber("requests", l.Requests);
                writer.WriteNumber("clients", l.Clients);
                writer.WriteNumber("seconds", l.Seconds);
                writer.WriteNumber("requests_per_s", l.Throughput);
                writer.WriteNumber("p50_ms", l.Percentile(0.5));
                writer.WriteNumber("p90_ms", l.Percentile(0.9));
                writer.WriteNumber("p99_ms", l.Percentile(0.99));
                writer.WriteNumber("max_ms", l.LatenciesMs[^1]);
                writer.WriteNumber("errors", l.Errors);
                writer.WriteNumber("mismatches", l.Mismatches);
                writer.WriteString("load_average_before", r.LoadBefore);
                writer.WriteString("load_average_after", r.LoadAfter);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return failed == 0 ? 0 : 1;
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, double[] values)
    {
        writer.WriteStartArray(name);
        foreach (double v in values) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }

    private static void Print(BenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        string times = string.Join(", ", r.Seconds.Select(s => s.ToString("F4", inv)));
        Console.WriteLine(string.Create(inv, $"[{r.Workload.Id,5}] {r.Workload.Name}"));
        Console.WriteLine(string.Create(inv,
            $"        median {r.Median:F4} s/run (runs: {times}; processor {r.ProcessorMedian:F4} s)  {r.ExamplesPerSecond:N0} ex/s  {r.MicrosecondsPerStep:F1} us/step  "
            + $"~{r.Gflops:F1} GFLOP/s  {r.AllocatedBytesPerRun:N0} B allocated/run  peak RSS {r.PeakResidentBytes / 1048576.0:F0} MiB"));
    }

    private static void WriteJson(FileInfo file, List<BenchResult> results, int runs)
    {
        file.Directory?.Create();
        using var stream = file.Create();
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("impl", "diynet");
        writer.WriteNumber("threads", KernelSettings.MaxThreads);
        writer.WriteString("gemm", KernelSettings.GemmProvider.ToString());
        writer.WriteNumber("vector_bits", KernelSettings.VectorBits);
        writer.WriteString("protocol", $"1 warm-up + median of {runs} runs");
        writer.WriteStartArray("results");
        foreach (var r in results)
        {
            writer.WriteStartObject();
            writer.WriteString("id", r.Workload.Id);
            writer.WriteString("name", r.Workload.Name);
            writer.WriteNumber("batch", r.Workload.BatchSize);
            writer.WriteNumber("epochs", r.Workload.Epochs);
            writer.WriteNumber("steps_per_run", r.Workload.StepsPerRun);
            writer.WriteNumber("examples_per_run", (long)r.Workload.Examples * r.Workload.Epochs);
            WriteArray(writer, "times_s", r.Seconds);
            writer.WriteNumber("median_s", r.Median);
            WriteArray(writer, "cpu_s", r.ProcessorSeconds);
            writer.WriteNumber("median_cpu_s", r.ProcessorMedian);
            writer.WriteNumber("us_per_step", r.MicrosecondsPerStep);
            writer.WriteNumber("examples_per_s", r.ExamplesPerSecond);
            writer.WriteNumber("allocated_bytes_per_run", r.AllocatedBytesPerRun);
            writer.WriteNumber("flops_per_example", r.FlopsPerExample);
            writer.WriteNumber("gflops", r.Gflops);
            writer.WriteNumber("peak_rss_bytes", r.PeakResidentBytes);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
