using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>The identity: <c>y = x</c>, <c>∂x = δ</c>. Shape: any → same.</summary>
public sealed class Identity : Activation
{
    /// <inheritdoc />
    protected override void Apply(Tensor input, Tensor output) => input.Span.CopyTo(output.Span);

    /// <inheritdoc />
    protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput) =>
        delta.Span.CopyTo(gradInput.Span);
}
