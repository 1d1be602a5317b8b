using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Training;
using DiyNet;
using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>
/// The OpenBLAS provider gives the managed kernel's results within rounding. Under CI (CI=true) the library must be
/// present (.ci/run installs it); elsewhere, without it, selecting the provider must fail with a clear error.
/// </summary>
[Collection(KernelSettingsCollection.Name)]
public class OpenBlasProviderTests
{
    private static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void OpenBlasMatchesTheManagedKernelOrFailsClearly()
    {
        if (!KernelSettings.IsOpenBlasAvailable)
        {
            Assert.False(UnderCi, "CI=true but libopenblas.so.0 cannot be loaded: install libopenblas0 (.ci/run does it with apt-get).");
            var e = Assert.Throws<DllNotFoundException>(() => KernelSettings.GemmProvider = GemmProvider.OpenBlas);
            Assert.Contains("apt-get install libopenblas0", e.Message);
            Assert.Equal(GemmProvider.Managed, KernelSettings.GemmProvider);
            return;
        }
        try
        {
            int seed = 5;
            foreach (var (m, n, k) in new[] { (1, 1, 1), (7, 13, 5), (64, 256, 784), (784, 256, 64), (33, 100, 3079), (300, 17, 40) })
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                        foreach (var (alpha, beta) in new[] { (1f, 0f), (0.5f, 1f), (-1f, 0.25f) })
                        {
                            var g = new GemmCase(m, n, k, ta, tb, alpha, beta, seed++);
                            KernelSettings.GemmProvider = GemmProvider.Managed;
                            float[] managed = g.Fast();
                            KernelSettings.GemmProvider = GemmProvider.OpenBlas;
                            float[] native = g.Fast();
                            string? error = g.Compare(native, managed, exact: false);
                            Assert.True(error is null, $"OpenBLAS vs managed: {error}");
                        }
        }
        finally { KernelSettings.GemmProvider = GemmProvider.Managed; }
    }

    [Fact]
    public void TrainingWithEitherProviderEndsAtTheSameWeights()
    {
        if (!KernelSettings.IsOpenBlasAvailable)
        {
            Assert.False(UnderCi, "CI=true but libopenblas.so.0 cannot be loaded.");
            Assert.Throws<DllNotFoundException>(() => KernelSettings.GemmProvider = GemmProvider.OpenBlas);
            return;
        }
        float[] Train(GemmProvider provider)
        {
            KernelSettings.GemmProvider = provider;
            var x = TestData.Uniform(1, 0, 1, 256, 64);
            var y = TestData.OneHot(2, 256, 10);
            var net = new Sequential(new Linear(64, 100, random: new Random(3)), new ReLU(), new Linear(100, 10, random: new Random(4)));
            Trainer.Train(net, new CELogSoftmax(), x, y, new TrainingOptions { BatchSize = 32, Epochs = 3, LearningRate = 0.05f, Seed = 5 });
            return net.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }
        try
        {
            float[] managed = Train(GemmProvider.Managed), native = Train(GemmProvider.OpenBlas);
            for (int i = 0; i < managed.Length; i++)
                Assert.True(MathF.Abs(managed[i] - native[i]) <= 1e-4f, $"weight {i}: managed {managed[i]:R}, OpenBLAS {native[i]:R}");
        }
        finally { KernelSettings.GemmProvider = GemmProvider.Managed; }
    }
}
