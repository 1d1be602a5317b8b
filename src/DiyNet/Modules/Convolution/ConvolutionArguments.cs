namespace DiyNet.Modules;

/// <summary>The constructor checks shared by <see cref="Convolution"/> and <see cref="TransposedConvolution"/>.</summary>
internal static class ConvolutionArguments
{
    /// <summary>Throws when a size is not positive or the padding is negative; the message names the module.</summary>
    public static void Validate(string name, int kSize, int chanIn, int chanOut, int stride, int padding)
    {
        if (kSize <= 0 || chanIn <= 0 || chanOut <= 0)
            throw new ArgumentOutOfRangeException(nameof(kSize), $"{name}(kSize {kSize}, {chanIn} → {chanOut}): sizes must be positive.");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"{name}: stride must be positive.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{name}: padding must not be negative.");
    }
}
