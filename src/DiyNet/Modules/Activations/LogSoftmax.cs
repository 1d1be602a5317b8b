using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// Log-softmax over the last axis: <c>y_j = x_j − log Σ_k e^(x_k)</c>, computed as <c>(x_j − m) − log Σ_k e^(x_k − m)</c>
/// with m the row's maximum (stable and accurate for scores of any magnitude),
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
            Span<float> y = output.Row(i);
            // (x − max) − log Σ e^(x_k − max): subtracting max + log Σ in one step would round it at the scale of max
            // (0.001 at 1e4) and lose the small outputs.
            TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), y);
            double sum = 0;
            foreach (float v in y) sum += Math.Exp(v);
            TensorPrimitives.Subtract(y, (float)Math.Log(sum), y);
        }
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
