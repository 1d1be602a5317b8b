using DiyNet.Modules;
using DiyNet.Tensors;
using static DiyNet.Serialization.OnnxGraph;

namespace DiyNet.Serialization;

/// <summary>
/// Turns each built-in module into ONNX nodes (opset <see cref="OnnxExport.Opset"/>), in evaluation mode: dropout is
/// the identity, batch normalization uses its running statistics.
/// </summary>
/// <remarks>
/// <para>DiyNet's data are channels-last, (N, L, C) and (N, H, W, C); ONNX's Conv, ConvTranspose, MaxPool,
/// AveragePool and BatchNormalization read channels-first, (N, C, L) and (N, C, H, W). A value goes channels-first
/// through a <c>Transpose</c> (perm 0,2,1 or 0,3,1,2) just before the first of those operators that reads it, stays
/// so through elementwise activations, dropout and the next channels-first operators, and comes back through the
/// inverse <c>Transpose</c> (0,2,1 or 0,2,3,1) before a module that depends on the order of the values (Flatten,
/// Unflatten, Linear, LayerNorm, FeatureScaling, Softmax) and at the graph's output. A convolutional stack
/// Conv → ReLU → MaxPool → Conv → ReLU → MaxPool → Flatten thus has one Transpose at each end.</para>
/// <para>Weights are initializers named by their state-dict key (<c>0.weight</c>), in ONNX's layouts: Gemm takes
/// DiyNet's Linear weight (in, out) as it is; Conv weights are (out, in, k[, k]) and ConvTranspose weights
/// (in, out, k[, k]), the PyTorch layouts of <see cref="PyTorchLayout"/>.</para>
/// </remarks>
internal static class OnnxLowering
{
    /// <summary>Adds the nodes of <paramref name="module"/> (at <paramref name="path"/>, a state-dict prefix such as
    /// <c>encoder.2.</c>) applied to <paramref name="x"/>; returns its output.</summary>
    /// <exception cref="OnnxExportException">The module, or one inside it, is not a built-in module, or refuses
    /// its input.</exception>
    public static OnnxValue Lower(OnnxGraph g, Module module, string path, OnnxValue x)
    {
        if (module.GetType().Assembly != typeof(Module).Assembly)
            throw new OnnxExportException($"ONNX export: module {Where(path)} is {module.GetType().FullName} ({module}), not one of DiyNet's " +
                                          "built-in modules; only those have an ONNX translation.");
        switch (module)
        {
            case Sequential sequential:
                for (int i = 0; i < sequential.Children.Count; i++)
                    x = Lower(g, sequential.Children[i], path + sequential.ChildName(i) + ".", x);
                return x;
            case AutoEncoder autoEncoder:
                x = Lower(g, autoEncoder.Encoder, path + autoEncoder.ChildName(0) + ".", x);
                return Lower(g, autoEncoder.Decoder, path + autoEncoder.ChildName(1) + ".", x);
            case Frozen frozen:
                return Lower(g, frozen.Inner, path + "inner.", x);
        }
        Tensor y;
        try { y = module.Forward(x.Probe); }
        catch (ShapeException e)
        {
            throw new OnnxExportException($"ONNX export: module {Where(path)} ({module}) refuses its input of shape {x.Probe.ShapeString} " +
                                          $"(a batch of one example): {e.Message}", e);
        }
        return Leaf(g, module, path, x, y);
    }

    /// <summary><paramref name="x"/> in DiyNet's channels-last order (a Transpose when it is channels-first).</summary>
    public static OnnxValue ChannelsLast(OnnxGraph g, OnnxValue x, string path)
    {
        if (!x.ChannelsFirst) return x;
        long[] perm = x.Rank == 3 ? [0, 2, 1] : [0, 2, 3, 1];
        return x with { Name = g.Node("Transpose", path + "to_channels_last", [x.Name], Ints("perm", perm)), ChannelsFirst = false };
    }

    // x channels-first (a Transpose when it is channels-last); (N, C) data are both.
    private static OnnxValue ChannelsFirst(OnnxGraph g, OnnxValue x, string path)
    {
        if (x.ChannelsFirst || x.Rank < 3) return x;
        long[] perm = x.Rank == 3 ? [0, 2, 1] : [0, 3, 1, 2];
        return x with { Name = g.Node("Transpose", path + "to_channels_first", [x.Name], Ints("perm", perm)), ChannelsFirst = true };
    }

    private static OnnxValue Leaf(OnnxGraph g, Module module, string path, OnnxValue x, Tensor y)
    {
        // An elementwise node on x, whatever its layout.
        OnnxValue Elementwise(string op, params AttributeProto[] attributes) =>
            new(g.Node(op, path + op, [x.Name], attributes), y, x.ChannelsFirst);
        OnnxValue Last(string name) => new(name, y, false);
        string N(string op) => path + op;
        switch (module)
        {
            case Linear linear:
            {
                x = ChannelsLast(g, x, path);
                var inputs = new List<string> { x.Name, g.Floats(N("weight"), linear.Weight.Value) };
                if (linear.Bias is not null) inputs.Add(g.Floats(N("bias"), linear.Bias.Value));
                return Last(g.Node("Gemm", N("Gemm"), inputs));
            }
            case TanH: return Elementwise("Tanh");
            case Sigmoid: return Elementwise("Sigmoid");
            case ReLU: return Elementwise("Relu");
            case Identity: return Elementwise("Identity");
            case LeakyReLU leaky: return Elementwise("LeakyRelu", Float("alpha", leaky.NegativeSlope));
            case ELU elu: return Elementwise("Elu", Float("alpha", elu.Alpha));
            case SiLU:
            {
                string sigmoid = g.Node("Sigmoid", N("Sigmoid"), [x.Name]);
                return new(g.Node("Mul", N("Mul"), [x.Name, sigmoid]), y, x.ChannelsFirst);
            }
            case GELU:
            {
                // x·Φ(x) = x · (1 + erf(x/√2)) · 1/2
                string scaled = g.Node("Mul", N("Mul"), [x.Name, g.Floats(N("inv_sqrt2"), [(float)(1 / Math.Sqrt(2))])]);
                string erf = g.Node("Erf", N("Erf"), [scaled]);
                string onePlus = g.Node("Add", N("Add"), [erf, g.Floats(N("one"), [1f])]);
                string product = g.Node("Mul", N("Mul"), [x.Name, onePlus]);
                return new(g.Node("Mul", N("Mul"), [product, g.Floats(N("half"), [0.5f])]), y, x.ChannelsFirst);
            }
            case Softplus softplus:
            {
                // β·x > threshold ? x : log(1 + e^(β·x)) / β
                bool scaled = softplus.Beta != 1f;
                string beta = scaled ? g.Floats(N("beta"), [softplus.Beta]) : "";
                string bx = scaled ? g.Node("Mul", N("Mul"), [x.Name, beta]) : x.Name;
                string soft = g.Node("Softplus", N("Softplus"), [bx]);
                if (scaled) soft = g.Node("Div", N("Div"), [soft, beta]);
                string above = g.Node("Greater", N("Greater"), [bx, g.Floats(N("threshold"), [softplus.Threshold])]);
                return new(g.Node("Where", N("Where"), [above, x.Name, soft]), y, x.ChannelsFirst);
            }
            case Dropout or Dropout2D:
                return x with { Probe = y }; // evaluation mode: the identity, no node
            case Softmax:
                x = ChannelsLast(g, x, path);
                return Last(g.Node("Softmax", N("Softmax"), [x.Name], Int("axis", -1)));
            case LogSoftmax:
                x = ChannelsLast(g, x, path);
                return Last(g.Node("LogSoftmax", N("LogSoftmax"), [x.Name], Int("axis", -1)));
            case BatchNormalization batchNorm:
            {
                x = ChannelsFirst(g, x, path);
                int c = batchNorm.Features;
                string scale = batchNorm.Weight is not null ? g.Floats(N("weight"), batchNorm.Weight.Value) : g.Floats(N("weight"), Ones(c), c);
                string bias = batchNorm.Bias is not null ? g.Floats(N("bias"), batchNorm.Bias.Value) : g.Floats(N("bias"), new float[c], c);
                string node = g.Node("BatchNormalization", N("BatchNormalization"),
                    [x.Name, scale, bias, g.Floats(N("running_mean"), batchNorm.RunningMean), g.Floats(N("running_var"), batchNorm.RunningVar)],
                    Float("epsilon", batchNorm.Epsilon));
                return new(node, y, x.ChannelsFirst);
            }
            case LayerNorm layerNorm:
            {
                x = ChannelsLast(g, x, path);
                int d = layerNorm.Features;
                var inputs = new List<string> { x.Name, layerNorm.Weight is not null ? g.Floats(N("weight"), layerNorm.Weight.Value) : g.Floats(N("weight"), Ones(d), d) };
                if (layerNorm.Bias is not null) inputs.Add(g.Floats(N("bias"), layerNorm.Bias.Value));
                return Last(g.Node("LayerNormalization", N("LayerNormalization"), inputs, Int("axis", -1), Float("epsilon", layerNorm.Epsilon)));
            }
            case FeatureScaling scaling:
            {
                x = ChannelsLast(g, x, path);
                int[] example = x.Probe.Shape[1..].ToArray();
                string shifted = g.Node("Sub", N("Sub"), [x.Name, g.Floats(N("shift"), scaling.Shift, example)]);
                return Last(g.Node("Mul", N("Mul"), [shifted, g.Floats(N("scale"), scaling.Scale, example)]));
            }
            case Modules.Convolution convolution:
                return Convolution(g, convolution, path, ChannelsFirst(g, x, path), y);
            case Pooling pooling:
            {
                x = ChannelsFirst(g, x, path);
                int spatial = x.Rank - 2;
                string op = pooling is MaxPooling ? "MaxPool" : "AveragePool";
                return new(g.Node(op, N(op), [x.Name], Ints("kernel_shape", Repeat(pooling.KernelSize, spatial)),
                    Ints("strides", Repeat(pooling.Stride, spatial))), y, true);
            }
            case Upsampling upsampling:
            {
                x = ChannelsFirst(g, x, path);
                float[] scales = [1f, 1f, .. Enumerable.Repeat((float)upsampling.Scale, x.Rank - 2)];
                return new(g.Node("Resize", N("Resize"), [x.Name, "", g.Floats(N("scales"), scales, scales.Length)],
                    Text("mode", "nearest"), Text("coordinate_transformation_mode", "asymmetric"), Text("nearest_mode", "floor")), y, true);
            }
            case Flatten:
                x = ChannelsLast(g, x, path);
                return Last(g.Node("Flatten", N("Flatten"), [x.Name], Int("axis", 1)));
            case Unflatten unflatten:
            {
                x = ChannelsLast(g, x, path);
                long[] shape = [0, .. unflatten.ExampleShape.ToArray().Select(d => (long)d)];
                return Last(g.Node("Reshape", N("Reshape"), [x.Name, g.Int64s(N("shape"), shape)]));
            }
            default:
                throw new OnnxExportException($"ONNX export: module {Where(path)} is {module.GetType().Name} ({module}), which has no ONNX translation.");
        }
    }

    private static OnnxValue Convolution(OnnxGraph g, Modules.Convolution c, string path, OnnxValue x, Tensor y)
    {
        int spatial = c.Weight.Value.Rank - 2;
        var kind = (c.Transposed, spatial) switch
        {
            (false, 1) => LayoutKind.Conv1D,
            (false, _) => LayoutKind.Conv2D,
            (true, 1) => LayoutKind.ConvTranspose1D,
            (true, _) => LayoutKind.ConvTranspose2D,
        };
        var inputs = new List<string> { x.Name, g.Floats(path + "weight", new LayoutPlan(kind, 1, 1).ToTorch(c.Weight.Value)) };
        if (c.Bias is not null) inputs.Add(g.Floats(path + "bias", c.Bias.Value));
        var attributes = new List<AttributeProto>
        {
            Ints("kernel_shape", Repeat(c.KernelSize, spatial)),
            Ints("strides", Repeat(c.Stride, spatial)),
            Ints("pads", Repeat(c.Padding, 2 * spatial)),
        };
        if (c.Transposed) attributes.Add(Ints("output_padding", Repeat(c.OutputPadding, spatial)));
        string op = c.Transposed ? "ConvTranspose" : "Conv";
        return new(g.Node(op, path + op, inputs, [.. attributes]), y, true);
    }

    private static long[] Repeat(int value, int count) => Enumerable.Repeat((long)value, count).ToArray();

    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();

    private static string Where(string path) => path.Length == 0 ? "(the network itself)" : $"'{path.TrimEnd('.')}'";
}
