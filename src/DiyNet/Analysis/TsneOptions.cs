
namespace DiyNet.Analysis;

/// <summary>Settings of <see cref="Tsne.Fit"/>; the defaults are scikit-learn's.</summary>
public sealed record TsneOptions
{
    /// <summary>Effective number of neighbours of each point (the perplexity of its conditional distribution); must be below N.</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Factor multiplying the affinities P during the first <see cref="ExaggerationIterations"/> iterations.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Iterations with exaggerated affinities and the initial momentum.</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Total gradient-descent iterations (exaggeration phase included).</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>The step; null picks <c>max(N / EarlyExaggeration / 4, 50)</c> (scikit-learn's "auto").</summary>
    public double? LearningRate { get; init; }

    /// <summary>Momentum during the exaggeration phase.</summary>
    public double InitialMomentum { get; init; } = 0.5;

    /// <summary>Momentum after the exaggeration phase.</summary>
    public double FinalMomentum { get; init; } = 0.8;

    /// <summary>Smallest per-coordinate gain of the adaptive step (delta-bar-delta, as in van der Maaten's code).</summary>
    public double MinGain { get; init; } = 0.01;

    /// <summary>The KL divergence is recorded every this many iterations (and at the last one).</summary>
    public int RecordEvery { get; init; } = 50;

    /// <summary>Initial placement of the points.</summary>
    public TsneInit Init { get; init; } = TsneInit.Pca;

    /// <summary>Seed of the random initial placement.</summary>
    public int Seed { get; init; }

    /// <summary>Called with each record as it is made (progress display).</summary>
    public Action<TsneRecord>? OnRecord { get; init; }
}
