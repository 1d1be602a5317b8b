namespace DiyNet.Cli.Bench;

/// <summary>One row of a <see cref="LayerProfile"/>: a layer (or the loss, or the update) and its time per training step.</summary>
/// <param name="Name">What was timed: <c>[i] Module(...)</c>, <c>loss</c> or <c>update</c>.</param>
/// <param name="ForwardSeconds">Forward pass, seconds per step (mean over the timed steps).</param>
/// <param name="WeightGradientSeconds">Backward pass into the parameters' gradients (BackwardUpdateGradient), seconds per step.</param>
/// <param name="InputGradientSeconds">Backward pass into the input's gradient (BackwardDelta; none for the first layer), seconds per step.</param>
/// <param name="ForwardFlops">Floating-point operations of the forward pass per step (2 × multiply-adds; 0 for layers without a weight matrix).</param>
/// <param name="Inference">True when the step is an inference batch (forward pass only, no weight gradient).</param>
internal sealed record LayerTime(string Name, double ForwardSeconds, double WeightGradientSeconds, double InputGradientSeconds, long ForwardFlops, bool Inference = false)
{
    /// <summary>Seconds per step, all passes.</summary>
    public double TotalSeconds => ForwardSeconds + WeightGradientSeconds + InputGradientSeconds;

    /// <summary>Floating-point operations per step with the anchors' model (forward, then for training the weight gradient, and the input gradient when it was computed).</summary>
    public long Flops => Inference ? ForwardFlops : ForwardFlops * (InputGradientSeconds > 0 ? 3 : 2);

    /// <summary>Achieved GFLOP/s over all passes (NaN for layers without multiply-adds).</summary>
    public double Gflops => Flops > 0 ? Flops / TotalSeconds / 1e9 : double.NaN;
}
