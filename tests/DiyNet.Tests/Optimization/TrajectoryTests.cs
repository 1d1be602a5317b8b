using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Tensors;
using System.Text.Json;
using Xunit;

namespace DiyNet.Tests.Optimization;

/// <summary>
/// 30 steps of every update rule — with weight decay, gradient clipping and each learning-rate schedule — on an MLP
/// and a CNN, against torch.optim and torch.optim.lr_scheduler (tools/make_trajectories.py, float64 references):
/// every step's learning rate and loss, and the final weights within 1e-5 relative (with a floor at a tenth of the
/// tensor's largest magnitude, for entries that are small against their neighbours).
/// </summary>
public class TrajectoryTests
{
    private const double Tolerance = 1e-5;

    // Entries below a tenth of their tensor's largest magnitude are compared against that tenth: after 30 float32
    // steps they carry a few 1e-8 of absolute rounding (the float64 reference carries none), which is noise, not a
    // difference of rule.
    private const double FloorFraction = 0.1;

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Trajectories");

    public static TheoryData<string> Cases => new(Directory.GetFiles(Folder, "*.json")
        .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal));

    [Fact]
    public void EveryRuleScheduleAndClippingHasTrajectories()
    {
        var files = Directory.GetFiles(Folder, "*.json").Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.Clone()).ToArray();
        var rules = files.Select(f => f.GetProperty("rule").GetProperty("type").GetString()).ToHashSet();
        var schedules = files.Select(f => f.GetProperty("schedule")).Where(s => s.ValueKind == JsonValueKind.Object)
            .Select(s => s.GetProperty("type").GetString()).ToHashSet();
        var clippings = files.Select(f => f.GetProperty("clipping")).Where(s => s.ValueKind == JsonValueKind.Object)
            .Select(s => s.GetProperty("type").GetString()).ToHashSet();
        foreach (var type in typeof(UpdateRule).Assembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract))
        {
            if (type.IsSubclassOf(typeof(UpdateRule))) Assert.Contains(type.Name, rules);
            if (type.IsSubclassOf(typeof(LearningRateSchedule))) Assert.Contains(type.Name, schedules);
            if (type.IsSubclassOf(typeof(GradientClipping))) Assert.Contains(type.Name, clippings);
        }
        Assert.Contains(files, f => f.GetProperty("network").GetString() == "cnn");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json"))).RootElement;
        var tensors = root.GetProperty("tensors");
        var net = Network(root.GetProperty("network").GetString()!);
        var initial = root.GetProperty("initial").EnumerateArray().Select(ReadTensor).ToArray();
        var final = root.GetProperty("final").EnumerateArray().Select(ReadTensor).ToArray();
        Assert.Equal(net.Parameters.Count, initial.Length);
        for (int i = 0; i < initial.Length; i++) net.Parameters[i].Value.CopyFrom(initial[i]);

        var rule = Rule(root.GetProperty("rule"), net.Parameters);
        var optim = new Optim(net, new CELogSoftmax(), rule) { Clipping = Clipping(root.GetProperty("clipping")) };
        var schedule = Schedule(root.GetProperty("schedule"));
        if (schedule is not null) optim.LearningRate = schedule.Start(optim.LearningRate);
        var xs = Split(ReadTensor(tensors.GetProperty("batches_x")));
        var ys = Split(ReadTensor(tensors.GetProperty("batches_y")));
        var rates = ReadTensor(tensors.GetProperty("learning_rates")).Span.ToArray();
        var losses = ReadTensor(tensors.GetProperty("losses")).Span.ToArray();
        int steps = root.GetProperty("steps").GetInt32();
        for (int t = 0; t < steps; t++)
        {
            Assert.True(Math.Abs(optim.LearningRate - rates[t]) <= 1e-6 * rates[t], $"{name}, step {t}: learning rate {optim.LearningRate:R}, PyTorch {rates[t]:R}");
            float loss = optim.Step(xs[t % xs.Length], ys[t % ys.Length]);
            Assert.True(Math.Abs(loss - losses[t]) <= 1e-4 * Math.Abs(losses[t]), $"{name}, step {t}: loss {loss:R}, PyTorch {losses[t]:R}");
            if (schedule is not null) optim.LearningRate = schedule.Step(loss);
        }
        Assert.Equal(steps, optim.Steps);
        for (int i = 0; i < final.Length; i++)
        {
            ReadOnlySpan<float> a = net.Parameters[i].Value.Span, b = final[i].Span;
            double floor = FloorFraction * Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(b));
            for (int j = 0; j < b.Length; j++)
            {
                double error = Math.Abs(a[j] - b[j]) / Math.Max(Math.Abs(b[j]), floor);
                Assert.True(error <= Tolerance, $"{name}: parameter {i} ({net.Parameters[i]}) [{j}] is {a[j]:R}, PyTorch {b[j]:R} (relative error {error:E2})");
            }
        }
    }

    private static Sequential Network(string kind) => kind switch
    {
        "mlp" => new Sequential(new Linear(6, 8, random: new Random(0)), new TanH(), new Linear(8, 4, random: new Random(0))),
        "cnn" => new Sequential(new Conv2D(3, 1, 4, padding: 1, random: new Random(0)), new TanH(), new AvgPool2D(2), new Flatten(),
            new Linear(36, 3, random: new Random(0))),
        _ => throw new InvalidDataException($"unknown network \"{kind}\""),
    };

    private static UpdateRule Rule(JsonElement e, IReadOnlyList<Parameter> p)
    {
        float F(string name, float fallback) => e.TryGetProperty(name, out var v) ? v.GetSingle() : fallback;
        float lr = F("learningRate", float.NaN), wd = F("weightDecay", 0f);
        return e.GetProperty("type").GetString() switch
        {
            "Sgd" => new Sgd(p, lr, wd),
            "MomentumSgd" => new MomentumSgd(p, lr, F("momentum", 0.9f), wd),
            "NesterovSgd" => new NesterovSgd(p, lr, F("momentum", 0.9f), wd),
            "Adam" => new Adam(p, lr, F("beta1", 0.9f), F("beta2", 0.999f), F("epsilon", 1e-8f), wd),
            "AdamW" => new AdamW(p, lr, F("beta1", 0.9f), F("beta2", 0.999f), F("epsilon", 1e-8f), F("weightDecay", 0.01f)),
            "RMSprop" => new RMSprop(p, lr, F("alpha", 0.99f), F("epsilon", 1e-8f), F("momentum", 0f), wd),
            var t => throw new InvalidDataException($"unknown rule \"{t}\""),
        };
    }

    private static GradientClipping? Clipping(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetProperty("type").GetString() switch
    {
        "ClipGradientNorm" => new ClipGradientNorm(e.GetProperty("maxNorm").GetSingle()),
        "ClipGradientValue" => new ClipGradientValue(e.GetProperty("limit").GetSingle()),
        var t => throw new InvalidDataException($"unknown clipping \"{t}\""),
    };

    private static LearningRateSchedule? Schedule(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetProperty("type").GetString() switch
    {
        "StepSchedule" => new StepSchedule(e.GetProperty("stepSize").GetInt32(), e.GetProperty("gamma").GetSingle()),
        "ExponentialSchedule" => new ExponentialSchedule(e.GetProperty("gamma").GetSingle()),
        "CosineSchedule" => new CosineSchedule(e.GetProperty("totalSteps").GetInt32(), e.GetProperty("warmupSteps").GetInt32(),
            e.GetProperty("minLearningRate").GetSingle(), e.GetProperty("warmupStartFactor").GetSingle()),
        "OneCycleSchedule" => new OneCycleSchedule(e.GetProperty("totalSteps").GetInt32()),
        "ReduceOnPlateau" => new ReduceOnPlateau(e.GetProperty("factor").GetSingle(), e.GetProperty("patience").GetInt32(),
            e.GetProperty("threshold").GetSingle(), e.GetProperty("cooldown").GetInt32()),
        var t => throw new InvalidDataException($"unknown schedule \"{t}\""),
    };

    private static Tensor ReadTensor(JsonElement e)
    {
        var t = new Tensor(e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray());
        int i = 0;
        foreach (var v in e.GetProperty("data").EnumerateArray()) t.Span[i++] = v.GetSingle();
        return t;
    }

    private static Tensor[] Split(Tensor stacked)
    {
        int[] shape = stacked.Shape[1..].ToArray();
        int size = stacked.Length / stacked.Dim(0);
        return Enumerable.Range(0, stacked.Dim(0)).Select(b => Tensor.FromArray(stacked.Span.Slice(b * size, size).ToArray(), shape)).ToArray();
    }
}
