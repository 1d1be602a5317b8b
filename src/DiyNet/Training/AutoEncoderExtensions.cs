using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Training;

/// <summary>Whole-data-set helpers for <see cref="AutoEncoder"/>.</summary>
public static class AutoEncoderExtensions
{
    /// <summary>
    /// The codes <c>z = encode(x)</c> of every row of <paramref name="x"/>, computed <paramref name="batchSize"/> rows
    /// at a time, in a fresh tensor the caller owns (unlike <see cref="AutoEncoder.Latent"/>).
    /// </summary>
    /// <remarks>Shape: x (N, …) → (N, latent).</remarks>
    /// <exception cref="AutoEncoderException">The encoder rejected the input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    public static Tensor LatentCodes(this AutoEncoder autoEncoder, Tensor x, int batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(autoEncoder);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        try { return Evaluator.Predict(autoEncoder.Encoder, x, batchSize); }
        catch (Exception e) when (e is not AutoEncoderException)
        {
            throw new AutoEncoderException($"AutoEncoder: LatentCodes failed in the encoder ({autoEncoder.Encoder.GetType().Name}): {e.Message}", e);
        }
    }
}
