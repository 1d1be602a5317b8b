using DiyNet.Tensors;
using System.Globalization;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Modules;

/// <summary>
/// Inverted dropout, as <c>torch.nn.Dropout</c>: in training mode each element is kept with probability 1 − p and
/// scaled by 1/(1 − p), <c>y = x ⊙ m</c> with <c>m ∈ {0, 1/(1 − p)}</c> drawn afresh at each <see cref="Forward"/>
/// from the module's own seeded generator; <c>∂x = δ ⊙ m</c>. In evaluation mode it is the identity.
/// </summary>
/// <remarks>
/// Shape: any → same. <see cref="FixMask"/> replays a given mask (gradient checks, PyTorch fixtures) instead of
/// drawing one. A step allocates nothing.
/// </remarks>
public sealed class Dropout : Module
{
    private readonly CounterRandom _random;
    private Tensor? _output, _gradInput, _mask;
    private bool _fixed, _maskActive;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing an element, in [0, 1] (PyTorch's default 0.5).</param>
    /// <param name="random">Seeds the stream of the masks (one draw); <see cref="Rng.Fork"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public Dropout(float p = 0.5f, Random? random = null)
    {
        if (!(p >= 0f && p <= 1f)) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: p must be in [0, 1].");
        P = p;
        _random = new CounterRandom(random ?? Rng.Fork());
    }

    /// <summary>The probability of zeroing an element.</summary>
    public float P { get; }

    /// <summary>The mask of the last training-mode <see cref="Forward"/> (0 or 1/(1 − p) per element), or null.</summary>
    public Tensor? Mask => _maskActive ? _mask : null;

    /// <summary>
    /// Uses <paramref name="mask"/> (0 for a dropped element, 1 for a kept one; scaled here by 1/(1 − p)) in every
    /// training-mode <see cref="Forward"/> until <see cref="ReleaseMask"/>. The values are copied.
    /// </summary>
    public void FixMask(Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var m = Tensor.Ensure(ref _mask, mask.Shape);
        float scale = P < 1f ? 1f / (1f - P) : 0f;
        ReadOnlySpan<float> source = mask.Span;
        Span<float> target = m.Span;
        for (int i = 0; i < target.Length; i++)
        {
            if (source[i] is not (0f or 1f)) throw new ArgumentException($"{this}: a mask holds 0 or 1, found {source[i]} at {i}.", nameof(mask));
            target[i] = source[i] * scale;
        }
        _fixed = true;
    }

    /// <inheritdoc />
    public override CounterRandom? RandomStream => _random;

    /// <summary>Goes back to drawing a new mask at each training-mode <see cref="Forward"/>.</summary>
    public void ReleaseMask() => _fixed = false;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        RememberInput(input);
        var y = Tensor.Ensure(ref _output, input.Shape);
        _maskActive = IsTraining && P > 0f;
        if (!_maskActive)
        {
            input.Span.CopyTo(y.Span);
            return y;
        }
        if (_fixed)
        {
            if (!_mask!.SameShape(input)) throw new ShapeException(this, "input", $"{_mask.ShapeString} (the fixed mask's)", input.ShapeString);
        }
        else
        {
            var m = Tensor.Ensure(ref _mask, input.Shape).Span;
            float scale = P < 1f ? 1f / (1f - P) : 0f;
            _random.NextSingles(m);
            Kernels.Elementwise.DropoutMask(m, P, scale);
        }
        TensorPrimitives.Multiply(input.Span, _mask!.Span, y.Span);
        return y;
    }

    /// <summary>Dropout has no parameters: there is no gradient to accumulate (shapes are still checked).</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckDelta(input, delta);
    }

    /// <inheritdoc />
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckDelta(input, delta);
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        if (!_maskActive) delta.Span.CopyTo(gx.Span);
        else
        {
            if (!_mask!.SameShape(input)) throw new ShapeException(this, "input", $"{_mask.ShapeString} (the last forward's)", input.ShapeString);
            TensorPrimitives.Multiply(delta.Span, _mask.Span, gx.Span);
        }
        return gx;
    }

    private void CheckDelta(Tensor input, Tensor delta)
    {
        if (!delta.SameShape(input)) throw new ShapeException(this, "delta", input.ShapeString, delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => $"Dropout({P.ToString(CultureInfo.InvariantCulture)})";
}
