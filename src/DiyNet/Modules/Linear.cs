using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;
using DiyNet.Kernels;
using System.Diagnostics.CodeAnalysis;

namespace DiyNet.Modules;

/// <summary>
/// Fully connected layer: <c>y = x·W + b</c>, with W of shape (inputDim, outputDim) as in the course.
/// </summary>
/// <remarks>Shape: input (N, inputDim) → output (N, outputDim).</remarks>
public sealed class Linear : Module
{
    private Tensor? _output, _gradInput;
    // The weights packed for the matrix multiply, valid while an inference scope is open (see OnInferenceScope).
    private PackedMatrix? _packed;
    private bool _inferenceScope, _packedCurrent;

    /// <summary>Creates the layer and initializes it with <paramref name="init"/>.</summary>
    /// <param name="inputDim">Features in.</param>
    /// <param name="outputDim">Features out.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="init">The initializer (default U(±1/√inputDim)).</param>
    /// <param name="random">Source of the initial values; <see cref="Rng.Fork"/> when null.</param>
    public Linear(int inputDim, int outputDim, bool bias = true, Init init = Init.Default, Random? random = null)
    {
        if (inputDim <= 0 || outputDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputDim), $"Linear({inputDim} → {outputDim}): dimensions must be positive.");
        InputDim = inputDim;
        OutputDim = outputDim;
        Weight = AddParameter("weight", new Tensor(inputDim, outputDim));
        if (bias) Bias = AddParameter("bias", new Tensor(outputDim));
        Initializer.Apply(init, Weight.Value, Bias?.Value, inputDim, outputDim, random ?? Rng.Fork());
    }

    /// <summary>Features in.</summary>
    public int InputDim { get; }

    /// <summary>Features out.</summary>
    public int OutputDim { get; }

    /// <summary>The weight W, shape (inputDim, outputDim).</summary>
    public Parameter Weight { get; }

    /// <summary>The bias b, shape (outputDim), or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Forward(input, relu: false);

    /// <summary>
    /// <c>y = x·W + b</c>, or <c>y = max(0, x·W + b)</c> when <paramref name="relu"/>: the bias and the rectifier are
    /// applied by the matrix multiply as it stores its blocks (<see cref="Sequential"/> fuses a Linear followed by a
    /// <see cref="ReLU"/> this way; the rectified output is also what ReLU's backward pass needs, since
    /// <c>max(0, z) &gt; 0 ⇔ z &gt; 0</c>).
    /// </summary>
    internal Tensor Forward(Tensor input, bool relu)
    {
        CheckInput(input);
        RememberInput(input);
        int n = input.Dim(0);
        var y = Tensor.Ensure(ref _output, n, OutputDim);
        Gemm.MultiplyBiasRelu(false, false, n, OutputDim, InputDim, input.Span, InputDim, Weight.Value.Span, OutputDim,
            Bias is null ? default : Bias.Value.Span, relu, y.Span, OutputDim, PackedWeights(n));
        return y;
    }

    /// <summary>
    /// Readies this layer to run as a link of a <see cref="GemmChain"/> (see <see cref="Sequential"/>): checks and
    /// remembers <paramref name="input"/> and sizes the output, as <see cref="Forward(Tensor, bool)"/> does before its
    /// product. False, and no output, when the layer's product would not read packed weights (outside an inference
    /// scope, in training, with OpenBLAS): a chain then gains nothing over the layer's own product.
    /// </summary>
    internal bool BeginChainLink(Tensor input, [NotNullWhen(true)] out Tensor? output)
    {
        CheckInput(input);
        int n = input.Dim(0);
        output = null;
        if (PackedWeights(n) is null) return false;
        RememberInput(input);
        output = Tensor.Ensure(ref _output, n, OutputDim);
        return true;
    }

    /// <summary>The weights packed for the current inference scope, after <see cref="BeginChainLink"/> returned true.</summary>
    internal PackedMatrix ChainPacking => _packedCurrent && _packed is not null ? _packed
        : throw new InvalidOperationException($"{this}: no packed weights; BeginChainLink must succeed first.");

    // W packed once per inference scope (again if the kernels' vector width changed), for products of n rows that take the packed path of the managed kernel;
    // null outside a scope (W may change between any two calls), in training, or where the packing would not be read.
    private PackedMatrix? PackedWeights(int n)
    {
        if (!_inferenceScope || IsTraining || n < ManagedGemm.RowPathMaxRows || KernelSettings.GemmProvider != GemmProvider.Managed)
            return null;
        _packed ??= new PackedMatrix();
        if (!_packedCurrent || !_packed.Fits(false, InputDim, OutputDim, ManagedGemm.Width))
        {
            _packed.Pack(false, Weight.Value.Span, OutputDim, InputDim, OutputDim);
            _packedCurrent = true;
        }
        return _packed;
    }

    /// <summary>Opening or closing an inference scope drops the packed weights: they are packed again at the first product of the next scope.</summary>
    private protected override void OnInferenceScope(bool open)
    {
        _inferenceScope = open;
        _packedCurrent = false;
    }

    /// <summary>∂W += xᵀ·δ, ∂b += Σ_rows δ.</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
        int n = input.Dim(0);
        Gemm.Multiply(true, false, InputDim, OutputDim, n, 1f, input.Span, InputDim,
            delta.Span, OutputDim, 1f, Weight.Gradient.Span, OutputDim);
        if (Bias is not null)
        {
            Span<float> gb = Bias.Gradient.Span;
            ReadOnlySpan<float> d = delta.Span;
            for (int i = 0; i < n; i++) TensorPrimitives.Add(gb, d.Slice(i * OutputDim, OutputDim), gb);
        }
    }

    /// <summary>∂x = δ·Wᵀ.</summary>
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        CheckInput(input);
        CheckDelta(input, delta);
        int n = input.Dim(0);
        var gx = Tensor.Ensure(ref _gradInput, n, InputDim);
        Gemm.Multiply(false, true, n, InputDim, OutputDim, 1f, delta.Span, OutputDim,
            Weight.Value.Span, OutputDim, 0f, gx.Span, InputDim);
        return gx;
    }

    // The checks format their messages only when they fail: a training step allocates nothing.
    private void CheckInput(Tensor input)
    {
        if (input.Rank != 2 || input.Dim(1) != InputDim)
            throw new ShapeException(this, "input", $"(N, {InputDim})", input.ShapeString);
    }

    private void CheckDelta(Tensor input, Tensor delta)
    {
        if (!delta.HasShape(input.Dim(0), OutputDim))
            throw new ShapeException(this, "delta", $"({input.Dim(0)}, {OutputDim})", delta.ShapeString);
    }

    /// <inheritdoc />
    public override string ToString() => $"Linear({InputDim} → {OutputDim}{(Bias is null ? ", no bias" : "")})";
}
