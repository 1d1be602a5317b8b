namespace DiyNet.Kernels;

/// <summary>Special functions that <see cref="Math"/> lacks, in double precision.</summary>
internal static class SpecialFunctions
{
    /// <summary>1/√2.</summary>
    public const double InverseSqrt2 = 0.70710678118654752440;

    /// <summary>1/√(2π).</summary>
    public const double InverseSqrt2Pi = 0.39894228040143267794;

    /// <summary>
    /// The complementary error function <c>erfc(x) = 1 − erf(x)</c>, by the Chebyshev fit of Numerical Recipes
    /// (§6.2, <c>erfcc</c>): fractional error below 1.2·10⁻⁷ for every x, tails included.
    /// </summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    /// <summary>The standard normal distribution function <c>Φ(x) = ½·erfc(−x/√2)</c>.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x * InverseSqrt2);
}
