using System.Numerics;

namespace DiyNet.Plots;

/// <summary>Converts the caller's numbers (float, double, int…) to the doubles the figures work with.</summary>
internal static class Numbers
{
    public static double[] ToDoubles<T>(IEnumerable<T> values) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        return values is T[] array
            ? Array.ConvertAll(array, double.CreateTruncating)
            : values.Select(double.CreateTruncating).ToArray();
    }
}
