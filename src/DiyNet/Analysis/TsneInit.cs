namespace DiyNet.Analysis;

/// <summary>How <see cref="Tsne"/> places the points before the first iteration.</summary>
public enum TsneInit
{
    /// <summary>The first two principal components, scaled so that the first has standard deviation 10⁻⁴ (scikit-learn's default).</summary>
    Pca,
    /// <summary>Seeded Gaussian draws of standard deviation 10⁻⁴ (van der Maaten's original).</summary>
    Random,
}
