using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Serialization;

/// <summary>
/// Converts a network's state between DiyNet's layouts and PyTorch's. Keys are the same dotted paths (a torch
/// <c>nn.Sequential</c> names children by index; an autoencoder's are <c>encoder</c> and <c>decoder</c>); tensors change
/// layout:
/// <list type="bullet">
/// <item>Linear weight: DiyNet (in, out) ↔ torch (out, in).</item>
/// <item>Conv1D (k, in, out) ↔ Conv1d (out, in, k); Conv2D (kh, kw, in, out) ↔ Conv2d (out, in, kh, kw).</item>
/// <item>ConvTranspose1D (in, k, out) ↔ ConvTranspose1d (in, out, k); ConvTranspose2D (in, kh, kw, out) ↔
/// ConvTranspose2d (in, out, kh, kw).</item>
/// <item>The first Linear after a Flatten of channels-last data with C &gt; 1 channels has its input rows permuted from
/// DiyNet's (position, channel) order to torch's (channel, position) order; the last Linear before an Unflatten to
/// C &gt; 1 channels has its output columns (and bias) permuted the same way, so that torch's
/// <c>nn.Unflatten(1, (C, H, W))</c> follows it.</item>
/// </list>
/// Biases and buffers keep their layout.
/// </summary>
public static class PyTorchLayout
{
    /// <summary>The state of <paramref name="net"/> in PyTorch's names and layouts (fresh tensors).</summary>
    public static Dictionary<string, Tensor> Export(Module net)
    {
        ArgumentNullException.ThrowIfNull(net);
        var plans = Plan(net);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in net.StateDict())
            result.Add(name, plans.TryGetValue(name, out var plan) ? plan.ToTorch(tensor) : tensor.Clone());
        return result;
    }

    /// <summary>Converts a state in PyTorch's layouts (a torch <c>state_dict</c>) to DiyNet's for <paramref name="net"/>.
    /// Keys the network does not have are passed through (a strict load then reports them).</summary>
    /// <exception cref="StateDictException">A tensor does not have the torch shape the network expects.</exception>
    public static Dictionary<string, Tensor> Import(Module net, IReadOnlyDictionary<string, Tensor> torchState)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(torchState);
        var plans = Plan(net);
        var own = net.StateDict();
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var mismatches = new List<string>();
        foreach (var (name, tensor) in torchState)
        {
            if (!own.TryGetValue(name, out var target)) { result.Add(name, tensor); continue; }
            int[] torchShape = plans.TryGetValue(name, out var plan) ? plan.TorchShape(target) : target.Shape.ToArray();
            if (!tensor.HasShape(torchShape))
            {
                mismatches.Add($"{name}: expected torch shape {Tensor.Format(torchShape)}, got {tensor.ShapeString}");
                continue;
            }
            result.Add(name, plan is null ? tensor : plan.FromTorch(tensor, target.Shape.ToArray()));
        }
        if (mismatches.Count > 0) throw new StateDictException(net.GetType().Name, [], [], mismatches);
        return result;
    }

    // The conversion of each key that changes layout, found by walking the leaves in execution order.
    private static Dictionary<string, LayoutPlan> Plan(Module net)
    {
        var plans = new Dictionary<string, LayoutPlan>(StringComparer.Ordinal);
        int channels = 0;          // channels of the current channels-last data; 0 when it is flat
        int flattened = 0;         // channels of a Flatten waiting for its Linear
        string? lastLinear = null; // the Linear whose output reaches the current module through elementwise modules
        Linear? lastLinearModule = null;
        foreach (var (prefix, leaf) in Leaves(net, ""))
        {
            switch (leaf)
            {
                case Linear linear:
                    var plan = new LayoutPlan(LayoutKind.Linear, flattened > 1 ? flattened : 1, 1);
                    plans[prefix + "weight"] = plan;
                    if (linear.Bias is not null) plans[prefix + "bias"] = new LayoutPlan(LayoutKind.Vector, 1, 1);
                    flattened = 0;
                    channels = 0;
                    (lastLinear, lastLinearModule) = (prefix, linear);
                    continue;
                case Modules.Convolution c:
                    var kind = (c.Transposed, c.Weight.Value.Rank) switch
                    {
                        (false, 3) => LayoutKind.Conv1D,
                        (false, _) => LayoutKind.Conv2D,
                        (true, 3) => LayoutKind.ConvTranspose1D,
                        (true, _) => LayoutKind.ConvTranspose2D,
                    };
                    plans[prefix + "weight"] = new LayoutPlan(kind, 1, 1);
                    channels = c.ChanOut;
                    break;
                case Flatten:
                    flattened = channels;
                    channels = 0;
                    break;
                case Unflatten u:
                    int c2 = u.ExampleShape.Length >= 2 ? u.ExampleShape[^1] : 0;
                    if (c2 > 1 && lastLinear is not null && lastLinearModule!.OutputDim == u.Features)
                    {
                        plans[lastLinear + "weight"] = plans[lastLinear + "weight"] with { OutChannels = c2 };
                        if (lastLinearModule.Bias is not null) plans[lastLinear + "bias"] = new LayoutPlan(LayoutKind.Vector, 1, c2);
                    }
                    channels = c2;
                    break;
                case Activation and not Softmax and not LogSoftmax:
                    continue; // elementwise: the layout and the last Linear carry through
                case Pooling or Upsampling:
                    break;
                default:
                    // Another module: it keeps the layout (as normalization does) but ends a Linear's reach.
                    break;
            }
            (lastLinear, lastLinearModule) = (null, null);
        }
        return plans;
    }

    private static IEnumerable<(string Prefix, Module Leaf)> Leaves(Module module, string prefix)
    {
        var children = module.Children;
        if (children.Count == 0) { yield return (prefix, module); yield break; }
        for (int i = 0; i < children.Count; i++)
            foreach (var leaf in Leaves(children[i], prefix + module.ChildName(i) + "."))
                yield return leaf;
    }
}
