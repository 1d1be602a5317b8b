using System.Numerics.Tensors;

namespace DiyNet;

/// <summary>
/// Log-softmax over the last axis: <c>y_j = x_j − log Σ_k e^(x_k)</c> (stable),
/// <c>∂x = δ − softmax(x)·Σ_j δ_j</c>. Shape: (N, K) → (N, K).
/// </summary>
public sealed class LogSoftmax : Activation
{
    /// <inheritdoc />
    protected override void CheckInput(Tensor input) => Require(input.Rank == 2, "input", "(N, K)", input);

    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output)
    {
        for (int i = 0; i < input.Dim(0); i++)
        {
            ReadOnlySpan<float> x = input.Row(i);
            float lse = LogSumExp(x);
            TensorPrimitives.Subtract(x, lse, output.Row(i));
        }
    }

    /// <summary>log Σ e^(x_k), shifted by the maximum so that it is finite for any finite input.</summary>
    internal static float LogSumExp(ReadOnlySpan<float> x)
    {
        float max = TensorPrimitives.Max(x);
        double sum = 0;
        foreach (float v in x) sum += Math.Exp(v - max);
        return max + (float)Math.Log(sum);
    }

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput)
    {
        for (int i = 0; i < input.Dim(0); i++)
        {
            ReadOnlySpan<float> y = output.Row(i), d = delta.Row(i);
            Span<float> g = gradInput.Row(i);
            float sum = TensorPrimitives.Sum(d);
            for (int j = 0; j < g.Length; j++) g[j] = d[j] - MathF.Exp(y[j]) * sum;
        }
    }
}
