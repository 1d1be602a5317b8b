using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>
/// An encoder and a decoder chained into one module: <c>x̂ = decode(encode(x))</c>. Trained like any network
/// (typically with <see cref="Losses.BCELoss"/> or <see cref="Losses.MSELoss"/> against the input itself); <see cref="Latent"/>
/// gives the codes <c>z = encode(x)</c>. A child's failure is rethrown naming "encoder" or "decoder".
/// </summary>
/// <remarks>
/// Shape: input (N, …) → code (N, latent) → output (N, …), as the two children define them.
/// The backward passes feed the decoder the code stored by the last <see cref="Forward"/>.
/// </remarks>
public sealed class AutoEncoder : Module
{
    private Tensor? _code;

    /// <summary>Chains <paramref name="encoder"/> then <paramref name="decoder"/>.</summary>
    /// <exception cref="ArgumentNullException">A child is null.</exception>
    /// <exception cref="ArgumentException">One module instance appears twice (the encoder and the decoder share one).</exception>
    public AutoEncoder(Module encoder, Module decoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        Encoder = encoder;
        Decoder = decoder;
        RequireDistinctModules();
    }

    /// <summary>The module computing the code from the input.</summary>
    public Module Encoder { get; }

    /// <summary>The module reconstructing the input from the code.</summary>
    public Module Decoder { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Module> Children => [Encoder, Decoder];

    /// <summary><c>encoder</c> (0) and <c>decoder</c> (1).</summary>
    public override string ChildName(int index) => index switch
    {
        0 => "encoder",
        1 => "decoder",
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "AutoEncoder has two children."),
    };

    /// <summary>
    /// A dense auto-encoder as in the reports: the encoder is <c>Linear → TanH</c> for each hidden size then
    /// <c>Linear(·, latent) → TanH</c>; the decoder is <c>Linear → TanH</c> for each hidden size then
    /// <c>Linear(·, input) → Sigmoid</c>, so outputs lie in (0, 1) for a <see cref="Losses.BCELoss"/> on inputs scaled to [0, 1].
    /// Report 002's baseline on 8×8 digits is <c>Dense(64, [200], 50, [200])</c>.
    /// </summary>
    /// <param name="input">Features of an example.</param>
    /// <param name="encoderHidden">Hidden sizes of the encoder, from the input side (may be empty).</param>
    /// <param name="latent">Size of the code.</param>
    /// <param name="decoderHidden">Hidden sizes of the decoder, from the code side (may be empty).</param>
    /// <param name="init">Initializer of every <see cref="Linear"/>.</param>
    /// <param name="random">Source of the initial weights, drawn layer by layer; <see cref="Rng.Fork"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static AutoEncoder Dense(int input, int[] encoderHidden, int latent, int[] decoderHidden,
        Init init = Init.Default, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(encoderHidden);
        ArgumentNullException.ThrowIfNull(decoderHidden);
        if (input <= 0 || latent <= 0 || encoderHidden.Any(h => h <= 0) || decoderHidden.Any(h => h <= 0))
            throw new ArgumentOutOfRangeException(nameof(input),
                $"AutoEncoder.Dense: sizes must be positive (input {input}, encoder [{string.Join(", ", encoderHidden)}], " +
                $"latent {latent}, decoder [{string.Join(", ", decoderHidden)}]).");
        random ??= Rng.Fork();
        var encoder = Stack([input, .. encoderHidden, latent], new TanH(), init, random);
        var decoder = Stack([latent, .. decoderHidden, input], new Sigmoid(), init, random);
        return new AutoEncoder(encoder, decoder);
    }

    private static Sequential Stack(int[] sizes, Module lastActivation, Init init, Random random)
    {
        var layers = new List<Module>();
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            layers.Add(new Linear(sizes[i], sizes[i + 1], init: init, random: random));
            layers.Add(i + 2 < sizes.Length ? new TanH() : lastActivation);
        }
        return new Sequential([.. layers]);
    }

    /// <summary>
    /// The codes <c>z = encode(x)</c> of a batch. The tensor returned is the encoder's output buffer: it is
    /// overwritten by the next forward pass (and calling this between <see cref="Forward"/> and a backward pass
    /// invalidates the code that pass needs). For a whole data set use <see cref="Training.AutoEncoderExtensions.LatentCodes"/>,
    /// which runs in chunks and returns a fresh tensor.
    /// </summary>
    /// <exception cref="AutoEncoderException">The encoder failed (wrong input shape, …).</exception>
    public Tensor Latent(Tensor x)
    {
        try { return Encoder.Forward(x); }
        catch (Exception e) { throw Wrap("encoder", "Latent", e); }
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        RememberInput(input);
        Tensor code;
        try { code = Encoder.Forward(input); }
        catch (Exception e) { throw Wrap("encoder", "Forward", e); }
        _code = code;
        try { return Decoder.Forward(code); }
        catch (Exception e) { throw Wrap("decoder", "Forward", e); }
    }

    /// <summary>Accumulates the decoder's then the encoder's parameter gradients (one backward pass through both).</summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        Tensor code = Code();
        Tensor d;
        try
        {
            Decoder.BackwardUpdateGradient(code, delta);
            d = Decoder.BackwardDelta(code, delta);
        }
        catch (Exception e) { throw Wrap("decoder", "Backward", e); }
        try { Encoder.BackwardUpdateGradient(input, d); }
        catch (Exception e) { throw Wrap("encoder", "Backward", e); }
    }

    /// <inheritdoc />
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        Tensor code = Code();
        Tensor d;
        try { d = Decoder.BackwardDelta(code, delta); }
        catch (Exception e) { throw Wrap("decoder", "BackwardDelta", e); }
        try { return Encoder.BackwardDelta(input, d); }
        catch (Exception e) { throw Wrap("encoder", "BackwardDelta", e); }
    }

    /// <summary>Accumulates every parameter gradient and returns the input gradient, in one pass.</summary>
    public override Tensor Backward(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        Tensor code = Code();
        Tensor d;
        try { d = Decoder.Backward(code, delta); }
        catch (Exception e) { throw Wrap("decoder", "Backward", e); }
        try { return Encoder.Backward(input, d); }
        catch (Exception e) { throw Wrap("encoder", "Backward", e); }
    }

    private Tensor Code() => _code ?? throw new InvalidOperationException("AutoEncoder: backward called before forward.");

    private AutoEncoderException Wrap(string child, string pass, Exception inner)
    {
        Module m = child == "encoder" ? Encoder : Decoder;
        return new($"AutoEncoder: {pass} failed in the {child} ({m.GetType().Name}): {inner.Message}", inner);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"AutoEncoder(\n  encoder: {Encoder.ToString()!.Replace("\n", "\n  ")}\n  decoder: {Decoder.ToString()!.Replace("\n", "\n  ")}\n)";
}
