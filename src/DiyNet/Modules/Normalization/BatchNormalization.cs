using DiyNet.Kernels;
using DiyNet.Tensors;
using System.Globalization;

namespace DiyNet.Modules;

/// <summary>
/// Batch normalization over the last axis (the channels, or features), as PyTorch's <c>_BatchNorm</c>; the base of
/// <see cref="BatchNorm1D"/> and <see cref="BatchNorm2D"/>. With m the number of rows (every position of every example):
/// training mode normalizes by the batch's statistics, <c>x̂ = (x − μ_B)/√(σ²_B + ε)</c> (σ²_B biased), <c>y = γ·x̂ + β</c>,
/// and updates the running statistics <c>μ ← (1 − α)·μ + α·μ_B</c>, <c>σ² ← (1 − α)·σ² + α·σ²_B·m/(m − 1)</c>
/// (momentum α); evaluation mode normalizes by the running statistics.
/// </summary>
/// <remarks>
/// Backward in training mode, per channel: <c>∂x = γ/√(σ²_B + ε) · (δ − mean(δ) − x̂·mean(δ·x̂))</c>; <c>∂γ += Σ δ·x̂</c>,
/// <c>∂β += Σ δ</c>. The running statistics are buffers (<c>running_mean</c>, <c>running_var</c>), saved with the
/// weights. Sums over rows are taken in float blocks added into doubles. The per-row arithmetic runs in
/// <see cref="ChannelRows"/> (one loop over all rows). A step allocates nothing.
/// </remarks>
public abstract class BatchNormalization : Module
{
    private const int Block = 128;
    private readonly double[] _sum, _sumProduct;
    private readonly float[] _acc, _accProduct, _mean, _invStd, _scale, _shiftA, _shiftB;
    private Tensor? _output, _gradInput, _normalized;
    private bool _batchStatistics;

    private protected BatchNormalization(int features, float eps, float momentum, bool affine)
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, $"{GetType().Name}: the number of features must be positive.");
        if (!(eps > 0f) || !float.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{GetType().Name}: eps must be positive and finite.");
        if (!(momentum >= 0f && momentum <= 1f)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"{GetType().Name}: momentum must be in [0, 1].");
        Features = features;
        Epsilon = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = AddParameter("weight", Tensor.Full(1f, features));
            Bias = AddParameter("bias", new Tensor(features));
        }
        RunningMean = AddBuffer("running_mean", new Tensor(features));
        RunningVar = AddBuffer("running_var", Tensor.Full(1f, features));
        _sum = new double[features];
        _sumProduct = new double[features];
        _acc = new float[features];
        _accProduct = new float[features];
        _mean = new float[features];
        _invStd = new float[features];
        _scale = new float[features];
        _shiftA = new float[features];
        _shiftB = new float[features];
    }

    /// <summary>Number of channels C (the last axis).</summary>
    public int Features { get; }

    /// <summary>ε added to the variance.</summary>
    public float Epsilon { get; }

    /// <summary>Weight α of the new batch in the running statistics.</summary>
    public float Momentum { get; }

    /// <summary>The scale γ, shape (C), or null when not affine.</summary>
    public Parameter? Weight { get; }

    /// <summary>The shift β, shape (C), or null when not affine.</summary>
    public Parameter? Bias { get; }

    /// <summary>The running mean, shape (C) (a buffer).</summary>
    public Tensor RunningMean { get; }

    /// <summary>The running (unbiased) variance, shape (C) (a buffer).</summary>
    public Tensor RunningVar { get; }

    /// <summary>Throws a <see cref="ShapeException"/> unless <paramref name="input"/> has this module's layout.</summary>
    private protected abstract void CheckInput(Tensor input);

    /// <inheritdoc />
    public sealed override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        RememberInput(input);
        int c = Features, rows = input.Length / c;
        var y = Tensor.Ensure(ref _output, input.Shape);
        var xhat = Tensor.Ensure(ref _normalized, input.Shape);
        ReadOnlySpan<float> x = input.Span;
        Span<float> xs = xhat.Span, ys = y.Span;
        _batchStatistics = IsTraining;
        if (IsTraining)
        {
            if (rows < 2) throw new ShapeException(this, "input", "more than one value per channel in training mode (N·positions ≥ 2)", input.ShapeString);
            ColumnSums(x, rows, _sum);
            for (int j = 0; j < c; j++) _mean[j] = (float)(_sum[j] / rows);
            ChannelRows.Subtract(x, _mean, xs);
            ColumnSquareSums(xs, rows, _sumProduct);
            Span<float> rm = RunningMean.Span, rv = RunningVar.Span;
            for (int j = 0; j < c; j++)
            {
                double variance = _sumProduct[j] / rows;
                _invStd[j] = (float)(1.0 / Math.Sqrt(variance + Epsilon));
                rm[j] = (1f - Momentum) * rm[j] + Momentum * _mean[j];
                rv[j] = (1f - Momentum) * rv[j] + Momentum * (float)(variance * rows / (rows - 1));
            }
            ChannelRows.Multiply(xs, _invStd, xs);
        }
        else
        {
            ReadOnlySpan<float> rm = RunningMean.Span, rv = RunningVar.Span;
            for (int j = 0; j < c; j++) _invStd[j] = (float)(1.0 / Math.Sqrt((double)rv[j] + Epsilon));
            ChannelRows.SubtractMultiply(x, rm, _invStd, xs);
        }
        if (Weight is null) xs.CopyTo(ys);
        else
        {
            ReadOnlySpan<float> gamma = Weight.Value.Span, beta = Bias!.Value.Span;
            ChannelRows.MultiplyAdd(xs, gamma, beta, ys);
        }
        return y;
    }

    /// <summary>∂γ += Σ δ·x̂, ∂β += Σ δ over all rows.</summary>
    public sealed override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        var xhat = CheckBackward(input, delta);
        if (Weight is null) return;
        int rows = input.Length / Features;
        ColumnSumsAndDots(delta.Span, xhat.Span, rows, _sum, _sumProduct);
        Span<float> gw = Weight.Gradient.Span, gb = Bias!.Gradient.Span;
        for (int j = 0; j < Features; j++)
        {
            gw[j] += (float)_sumProduct[j];
            gb[j] += (float)_sum[j];
        }
    }

    /// <inheritdoc />
    public sealed override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        var xhat = CheckBackward(input, delta);
        int c = Features, rows = input.Length / c;
        var gx = Tensor.Ensure(ref _gradInput, input.Shape);
        ReadOnlySpan<float> d = delta.Span, xs = xhat.Span;
        Span<float> g = gx.Span;
        for (int j = 0; j < c; j++) _scale[j] = (Weight is null ? 1f : Weight.Value.Span[j]) * _invStd[j];
        if (!_batchStatistics)
        {
            ChannelRows.Multiply(d, _scale, g);
            return gx;
        }
        ColumnSumsAndDots(d, xs, rows, _sum, _sumProduct);
        for (int j = 0; j < c; j++)
        {
            _shiftA[j] = (float)(_sum[j] / rows);          // mean(δ)
            _shiftB[j] = (float)(_sumProduct[j] / rows);   // mean(δ·x̂)
        }
        ChannelRows.BatchNormInputGradient(d, xs, _shiftA, _shiftB, _scale, g);   // ((δ − x̂·mean(δ·x̂)) − mean(δ))·γ/√(σ² + ε)
        return gx;
    }

    private Tensor CheckBackward(Tensor input, Tensor delta)
    {
        CheckInput(input);
        if (!delta.SameShape(input)) throw new ShapeException(this, "delta", input.ShapeString, delta.ShapeString);
        if (_normalized is null || !_normalized.SameShape(input))
            throw new InvalidOperationException($"{this}: backward needs the forward pass of this input first (last forward: {_normalized?.ShapeString ?? "none"}, input {input.ShapeString}).");
        return _normalized;
    }

    /// <summary>sums[j] = Σ_i x[i, j], float partial sums over blocks of rows added into doubles.</summary>
    private void ColumnSums(ReadOnlySpan<float> x, int rows, Span<double> sums)
    {
        int c = Features;
        sums.Clear();
        for (int start = 0; start < rows; start += Block)
        {
            int end = Math.Min(rows, start + Block);
            Array.Clear(_acc);
            ChannelRows.AddRows(x[(start * c)..(end * c)], _acc);
            for (int j = 0; j < c; j++) sums[j] += _acc[j];
        }
    }

    /// <summary>sums[j] = Σ_i x[i, j]².</summary>
    private void ColumnSquareSums(ReadOnlySpan<float> x, int rows, Span<double> sums)
    {
        int c = Features;
        sums.Clear();
        for (int start = 0; start < rows; start += Block)
        {
            int end = Math.Min(rows, start + Block);
            Array.Clear(_acc);
            ChannelRows.AddSquaredRows(x[(start * c)..(end * c)], _acc);
            for (int j = 0; j < c; j++) sums[j] += _acc[j];
        }
    }

    /// <summary>sums[j] = Σ_i a[i, j] and dots[j] = Σ_i a[i, j]·b[i, j].</summary>
    private void ColumnSumsAndDots(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int rows, Span<double> sums, Span<double> dots)
    {
        int c = Features;
        sums.Clear();
        dots.Clear();
        for (int start = 0; start < rows; start += Block)
        {
            int end = Math.Min(rows, start + Block);
            Array.Clear(_acc);
            Array.Clear(_accProduct);
            ChannelRows.AddRowsAndProducts(a[(start * c)..(end * c)], b[(start * c)..(end * c)], _acc, _accProduct);
            for (int j = 0; j < c; j++)
            {
                sums[j] += _acc[j];
                dots[j] += _accProduct[j];
            }
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var settings = new List<string> { Features.ToString(CultureInfo.InvariantCulture) };
        if (Epsilon != 1e-5f) settings.Add("eps " + Epsilon.ToString("G6", CultureInfo.InvariantCulture));
        if (Momentum != 0.1f) settings.Add("momentum " + Momentum.ToString("G6", CultureInfo.InvariantCulture));
        if (Weight is null) settings.Add("no affine");
        return $"{GetType().Name}({string.Join(", ", settings)})";
    }
}
