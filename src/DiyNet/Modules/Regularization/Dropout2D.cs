using DiyNet.Tensors;
using System.Globalization;
using System.Numerics.Tensors;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Modules;

/// <summary>
/// Channel dropout on channels-last feature maps, as <c>torch.nn.Dropout2d</c>: in training mode each channel of each
/// example is kept with probability 1 − p (scaled by 1/(1 − p)) or zeroed as a whole, over every position; in
/// evaluation mode it is the identity. <c>y[n, …, c] = x[n, …, c]·m[n, c]</c>, <c>∂x = δ·m</c>.
/// </summary>
/// <remarks>
/// Shape: (N, H, W, C) → same (any rank ≥ 3 with channels last: (N, L, C) too); the mask is (N, C).
/// <see cref="FixMask"/> replays a given mask instead of drawing one. A step allocates nothing.
/// </remarks>
public sealed class Dropout2D : Module
{
    private readonly CounterRandom _random;
    private Tensor? _output, _gradInput, _mask;
    private bool _fixed, _maskActive;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing a channel, in [0, 1] (PyTorch's default 0.5).</param>
    /// <param name="random">Seeds the stream of the masks (one draw); <see cref="Rng.Fork"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public Dropout2D(float p = 0.5f, Random? random = null)
    {
        if (!(p >= 0f && p <= 1f)) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout2D: p must be in [0, 1].");
        P = p;
        _random = new CounterRandom(random ?? Rng.Fork());
    }

    /// <summary>The probability of zeroing a channel.</summary>
    public float P { get; }

    /// <summary>The (N, C) mask of the last training-mode <see cref="Forward"/> (0 or 1/(1 − p)), or null.</summary>
    public Tensor? Mask => _maskActive ? _mask : null;

    /// <summary>
    /// Uses the (N, C) <paramref name="mask"/> (0: dropped channel, 1: kept) in every training-mode
    /// <see cref="Forward"/> until <see cref="ReleaseMask"/>. The values are copied.
    /// </summary>
    public void FixMask(Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Rank != 2) throw new ShapeException(this, "mask", "(N, C)", mask.ShapeString);
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
        CheckInput(input);
        RememberInput(input);
        var y = Tensor.Ensure(ref _output, input.Shape);
        _maskActive = IsTraining && P > 0f;
        if (!_maskActive)
        {
            input.Span.CopyTo(y.Span);
            return y;
        }
        int n = input.Dim(0), c = input.Dim(-1);
        if (_fixed)
        {
            if (!_mask!.HasShape(n, c)) throw new ShapeException(this, "input", $"(N, …, C) with (N, C) = {_mask.ShapeString} (the fixed mask's)", input.ShapeString);
        }
        else
        {
            var m = Tensor.Ensure(ref _mask, n, c).Span;
            float scale = P < 1f ? 1f / (1f - P) : 0f;
            _random.NextSingles(m);
            Kernels.Elementwise.DropoutMask(m, P, scale);
        }
        Scale(input, _mask!, y);
        return y;
    }

    /// <summary>Dropout has no parameters: there is no gradient to accumulate (shapes are still checked).</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
    }

    /// <inheritdoc />
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        if (!_maskActive) delta.Span.CopyTo(gx.Span);
        else
        {
            if (!_mask!.HasShape(input.Dim(0), input.Dim(-1)))
                throw new ShapeException(this, "input", $"(N, …, C) with (N, C) = {_mask.ShapeString} (the last forward's)", input.ShapeString);
            Scale(delta, _mask, gx);
        }
        return gx;
    }

    /// <summary><c>target[n, p, c] = source[n, p, c]·mask[n, c]</c> for every position p.</summary>
    private static void Scale(Tensor source, Tensor mask, Tensor target)
    {
        int n = source.Dim(0), c = source.Dim(-1);
        int positions = n == 0 || c == 0 ? 0 : source.Length / (n * c);
        ReadOnlySpan<float> x = source.Span, m = mask.Span;
        Span<float> y = target.Span;
        for (int i = 0; i < n; i++)
        {
            var row = m.Slice(i * c, c);
            for (int p = 0; p < positions; p++)
            {
                int at = (i * positions + p) * c;
                TensorPrimitives.Multiply(x.Slice(at, c), row, y.Slice(at, c));
            }
        }
    }

    private void CheckInput(Tensor input)
    {
        if (input.Rank < 3) throw new ShapeException(this, "input", "(N, H, W, C) or (N, L, C)", input.ShapeString);
    }

    private void CheckDelta(Tensor input, Tensor delta)
    {
        if (!delta.SameShape(input)) throw new ShapeException(this, "delta", input.ShapeString, delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => $"Dropout2D({P.ToString(CultureInfo.InvariantCulture)})";
}
