using DiyNet.Kernels;
using DiyNet.Tensors;
using System.Text;

namespace DiyNet.Modules;

/// <summary>
/// A chain of modules, itself a module: the output of each child is the input of the next.
/// A child's failure is rethrown naming its index and type.
/// </summary>
public sealed unsafe class Sequential : Module
{
    private readonly Module[] _modules;
    private readonly Tensor[] _outputs;

    /// <summary>Chains <paramref name="modules"/> in order.</summary>
    /// <exception cref="ArgumentException">No module was given, or one instance appears twice (at any depth).</exception>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        if (modules.Length == 0) throw new ArgumentException("Sequential needs at least one module.");
        for (int i = 0; i < modules.Length; i++)
            if (modules[i] is null) throw new ArgumentNullException(nameof(modules), $"Sequential: module [{i}] is null.");
        _modules = (Module[])modules.Clone();
        _outputs = new Tensor[modules.Length];
        RequireDistinctModules();
    }

    /// <inheritdoc />
    public override IReadOnlyList<Module> Children => _modules;

    /// <summary>Number of children.</summary>
    public int Count => _modules.Length;

    /// <summary>The child at <paramref name="index"/>.</summary>
    public Module this[int index] => _modules[index];

    /// <summary>
    /// Runs the children in order. A <see cref="Linear"/> followed by a <see cref="ReLU"/> runs as one fused product
    /// (bias and rectifier applied as the matrix multiply stores its blocks): both children's output is then the
    /// Linear's buffer holding <c>max(0, x·W + b)</c>, with the bits the two modules give apart. A
    /// <see cref="Convolution"/> followed by a <see cref="ReLU"/> is fused the same way (each chunk of its output
    /// rectified while in cache), and when a max pooling follows them, each image of the convolution's output is
    /// pooled as soon as it is written (its output is still written: the backward passes need it). In evaluation
    /// mode on more than one kernel thread, consecutive Linear layers (each with or without its ReLU) run as one
    /// chain: each thread takes its rows of the batch through all of them (<see cref="GemmChain"/>), with the bits
    /// of the layers run one after the other.
    /// </summary>
    public override Tensor Forward(Tensor input)
    {
        RememberInput(input);
        Tensor x = input;
        for (int i = 0; i < _modules.Length; i++)
        {
            if (_modules[i] is Linear && !IsTraining && KernelSettings.MaxThreads > 1 && TryForwardLinearChain(ref i, ref x))
                continue;
            if (_modules[i] is Convolution conv && conv.PoolsWhileWriting && i + 2 < _modules.Length && _modules[i + 1] is ReLU
                && _modules[i + 2] is MaxPooling pool)
            {
                x = ForwardConvolutionReluPool(i, conv, pool, x);
                i += 2;
                continue;
            }
            if (_modules[i] is Linear or Convolution && i + 1 < _modules.Length && _modules[i + 1] is ReLU)
            {
                try { x = _modules[i] is Linear linear ? linear.Forward(x, relu: true) : ((Convolution)_modules[i]).Forward(x, relu: true); }
                catch (Exception e) { throw Wrap(i, "Forward", e); }
                _outputs[i] = x;
                _modules[++i].RememberInput(x);   // the ReLU's input, for its backward pass (it equals its output)
                _outputs[i] = x;
                continue;
            }
            try { x = _modules[i].Forward(x); }
            catch (Exception e) { throw Wrap(i, "Forward", e); }
            _outputs[i] = x;
        }
        return x;
    }

    // Linear [→ ReLU] Linear [→ ReLU] … from child i, as one chain of products on the kernel threads. False, having
    // computed nothing, when fewer than two Linear layers follow each other or one of them has no packed weights (the
    // caller then runs the children one by one). On success, i is the chain's last child and x its output.
    private bool TryForwardLinearChain(ref int i, ref Tensor x)
    {
        int links = 0, end = i;
        while (end < _modules.Length && _modules[end] is Linear)
        {
            end += end + 1 < _modules.Length && _modules[end + 1] is ReLU ? 2 : 1;
            links++;
        }
        if (links < 2) return false;
        Tensor current = x;
        for (int j = i; j < end; j++)
        {
            Tensor? y;
            try
            {
                if (!((Linear)_modules[j]).BeginChainLink(current, out y)) return false;
            }
            catch (Exception e) { throw Wrap(j, "Forward", e); }
            _outputs[j] = y;
            if (j + 1 < end && _modules[j + 1] is ReLU)
            {
                _modules[++j].RememberInput(y);   // the ReLU's input, for its backward pass (it equals its output)
                _outputs[j] = y;
            }
            current = y;
        }
        var table = stackalloc GemmChain.Layer[links];
        fixed (float* a = x.Span) PinLinks(i, end, 0, links, table, a, x.Dim(0));
        x = current;
        i = end - 1;
        return true;
    }

    // Pins the weights, bias and output of the chain's links from child j on, one nested `fixed` per link, and runs
    // the chain once all are pinned.
    private void PinLinks(int j, int end, int link, int links, GemmChain.Layer* table, float* input, int rows)
    {
        if (link == links)
        {
            GemmChain.Run(table, links, input, rows);
            return;
        }
        var linear = (Linear)_modules[j];
        bool relu = j + 1 < end && _modules[j + 1] is ReLU;
        var packed = linear.ChainPacking;
        fixed (float* w = linear.Weight.Value.Span)
        fixed (float* bias = linear.Bias is null ? default : linear.Bias.Value.Span)
        fixed (float* c = _outputs[j].Span)
        {
            table[link] = new GemmChain.Layer
            {
                B = w, PackedB = packed.Pointer, PackedColumns = packed.PaddedColumns, Bias = linear.Bias is null ? null : bias,
                C = c, K = linear.InputDim, N = linear.OutputDim, Relu = relu,
            };
            PinLinks(relu ? j + 2 : j + 1, end, link + 1, links, table, input, rows);
        }
    }

    // Convolution [i] → ReLU [i+1] → max pooling [i+2] in one pass: each image is rectified and pooled as soon as the
    // convolution has written it, while it is in cache. Every child's output is what it gives alone, bit for bit.
    private Tensor ForwardConvolutionReluPool(int i, Convolution conv, MaxPooling pool, Tensor x)
    {
        Tensor y, pooled;
        Window2D window;
        Span<int> argmax;
        try { y = conv.BeginForward(x); }
        catch (Exception e) { throw Wrap(i, "Forward", e); }
        try { pooled = pool.BeginFusedForward(y, out window, out argmax); }
        catch (Exception e) { throw Wrap(i + 2, "Forward", e); }
        try { conv.EndForward(x, y, relu: true, window, pooled.Span, argmax); }
        catch (Exception e) { throw Wrap(i, "Forward", e); }
        _outputs[i] = y;
        _modules[i + 1].RememberInput(y);   // the ReLU's input, for its backward pass (it equals its output)
        _outputs[i + 1] = y;
        _outputs[i + 2] = pooled;
        return pooled;
    }

    /// <summary>
    /// One backward pass over the children: each accumulates its parameter gradients and passes the gradient back;
    /// the first child's input gradient is not computed.
    /// </summary>
    public override void BackwardUpdateGradient(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        Tensor d = delta;
        for (int i = _modules.Length - 1; i >= 0; i--)
        {
            Tensor inp = InputOf(i, input);
            try
            {
                _modules[i].BackwardUpdateGradient(inp, d);
                if (i > 0) d = _modules[i].BackwardDelta(inp, d);
            }
            catch (Exception e) { throw Wrap(i, "Backward", e); }
        }
    }

    /// <inheritdoc />
    public override Tensor BackwardDelta(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        Tensor d = delta;
        for (int i = _modules.Length - 1; i >= 0; i--)
        {
            try { d = _modules[i].BackwardDelta(InputOf(i, input), d); }
            catch (Exception e) { throw Wrap(i, "BackwardDelta", e); }
        }
        return d;
    }

    /// <summary>Accumulates every child's parameter gradients and returns the input gradient, in one pass.</summary>
    public override Tensor Backward(Tensor input, Tensor delta)
    {
        RequireForwardInput(input);
        Tensor d = delta;
        for (int i = _modules.Length - 1; i >= 0; i--)
        {
            try { d = _modules[i].Backward(InputOf(i, input), d); }
            catch (Exception e) { throw Wrap(i, "Backward", e); }
        }
        return d;
    }

    private Tensor InputOf(int i, Tensor input)
    {
        if (i == 0) return input;
        return _outputs[i - 1] ?? throw new InvalidOperationException("Sequential: backward called before forward.");
    }

    private SequentialException Wrap(int index, string pass, Exception inner) =>
        new($"Sequential: {pass} failed in module [{index}] {_modules[index].GetType().Name} ({_modules[index]}): {inner.Message}", inner);

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder("Sequential(");
        for (int i = 0; i < _modules.Length; i++)
        {
            string child = _modules[i].ToString()!.Replace("\n", "\n  ");
            sb.Append("\n  [").Append(i).Append("] ").Append(child);
        }
        return sb.Append("\n)").ToString();
    }
}
