using System.Globalization;
using System.Text;
using System.Text.Json;
using DiyNet.Cli.Serving;
using DiyNet.Modules;
using DiyNet.Training;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Cli.Bench;

/// <summary>
/// <c>diynet bench --serve</c>: serves a network in-process on 127.0.0.1 (a free port), sends it requests from
/// concurrent HTTP clients (<see cref="ServeLoad"/>), checks every answer against the offline prediction
/// (<see cref="Evaluator.Predict(Module, Tensor, int)"/> on the same rows, written as the server writes it) and reports
/// the throughput and the latency percentiles. Two networks: the Iris-size classifier of the README (4 features, a
/// feature scaling, 16 hidden units, 3 classes) and the MLP of workload a (784-256-128-10).
/// </summary>
internal static class ServeBench
{
    /// <summary>The request bodies cycled through (each with its own random rows).</summary>
    private const int Bodies = 64;

    /// <summary>Runs the networks named in <paramref name="only"/> (all when null) and returns their results.</summary>
    public static IReadOnlyList<ServeBenchResult> Run(int requests, int clients, int rows, string? only, TextWriter log)
    {
        var all = new (string Id, string Name, int Width, Func<Module> Build)[]
        {
            ("iris", "Iris-size MLP 4-16-3 with feature scaling", 4, () => new Sequential(
                new FeatureScaling([5.8f, 3.0f, 3.7f, 1.2f], [1.2f, 2.3f, 0.57f, 1.3f]),
                new Linear(4, 16, random: new Random(1)), new ReLU(), new Linear(16, 3, random: new Random(2)))),
            ("mlp", "MLP 784-256-128-10 (workload a)", 784, () => new Sequential(
                new Linear(784, 256, random: new Random(1)), new ReLU(), new Linear(256, 128, random: new Random(2)), new ReLU(),
                new Linear(128, 10, random: new Random(3)))),
        };
        var chosen = only is null ? all : all.Where(w => only.Split(',').Contains(w.Id, StringComparer.Ordinal)).ToArray();
        if (chosen.Length == 0) throw new ArgumentException($"bench --serve: no network '{only}'; known: {string.Join(", ", all.Select(w => w.Id))}.");
        var results = new List<ServeBenchResult>();
        foreach (var w in chosen)
        {
            var net = w.Build();
            net.Eval();
            var model = ServedModel.Of(net, card: null, name: w.Id);
            var random = new Random(7);
            var inputs = Enumerable.Range(0, Bodies).Select(_ => Enumerable.Range(0, rows * w.Width).Select(_ => random.NextSingle()).ToArray()).ToArray();
            var bodies = inputs.Select(x => Body(x, rows, w.Width)).ToArray();
            // The offline answers, as the server writes them: the same bits give the same text.
            var expected = inputs.Select(x =>
            {
                var y = Evaluator.Predict(net, Tensor.FromArray(x, rows, w.Width));
                int k = y.Length / rows;
                var answers = Enumerable.Range(0, rows).Select(i => model.Answer(y.Span.Slice(i * k, k))).ToArray();
                return JsonSerializer.Serialize(new PredictResponse(answers), ServeJson.Web.PredictResponse);
            }).ToArray();
            var options = new ServeOptions { Port = 0, MaxRows = Math.Max(rows, ServeOptions.DefaultMaxRows), MaxBodyBytes = Math.Max(ServeOptions.DefaultMaxBodyBytes, 2L * bodies.Max(b => b.Length)) };
            var server = ModelServer.StartAsync(model, options, log).GetAwaiter().GetResult();
            try
            {
                bool Check(int body, string text) => text == expected[body];
                using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
                ServeLoad.RunAsync(server.Address, bodies, Math.Max(clients * 20, requests / 10), clients, Check, limit.Token).GetAwaiter().GetResult();
                string before = LoadAverage();
                var load = ServeLoad.RunAsync(server.Address, bodies, requests, clients, Check, limit.Token).GetAwaiter().GetResult();
                results.Add(new ServeBenchResult(w.Id, w.Name, rows, load, before, LoadAverage(), model.Predictor.Replicas));
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        return results;
    }

    private static byte[] Body(float[] x, int rows, int width)
    {
        var sb = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < rows; i++)
        {
            sb.Append(i == 0 ? "[" : ",[");
            for (int j = 0; j < width; j++) sb.Append(j == 0 ? "" : ",").Append(x[i * width + j].ToString("R", CultureInfo.InvariantCulture));
            sb.Append(']');
        }
        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
