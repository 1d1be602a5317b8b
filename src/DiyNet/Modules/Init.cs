using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>Named weight initializers.</summary>
public enum Init
{
    /// <summary>U(±1/√fan_in) for weights and bias (PyTorch's default for Linear and Conv).</summary>
    Default,
    /// <summary>Glorot/Xavier uniform: U(±√(6/(fan_in+fan_out))); bias zero. Suits TanH and Sigmoid.</summary>
    Xavier,
    /// <summary>He/Kaiming normal: N(0, 2/fan_in); bias zero. Suits ReLU.</summary>
    He,
}

/// <summary>Fills weights and biases according to an <see cref="Init"/>.</summary>
public static class Initializer
{
    /// <summary>Initializes <paramref name="weight"/> and (optionally) <paramref name="bias"/>.</summary>
    public static void Apply(Init init, Tensor weight, Tensor? bias, int fanIn, int fanOut, Random random)
    {
        switch (init)
        {
            case Init.Default:
                float bound = 1f / MathF.Sqrt(fanIn);
                random.FillUniform(weight.Span, -bound, bound);
                if (bias is not null) random.FillUniform(bias.Span, -bound, bound);
                break;
            case Init.Xavier:
                float x = MathF.Sqrt(6f / (fanIn + fanOut));
                random.FillUniform(weight.Span, -x, x);
                bias?.Clear();
                break;
            case Init.He:
                random.FillGaussian(weight.Span, MathF.Sqrt(2f / fanIn));
                bias?.Clear();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(init), init, "Unknown initializer.");
        }
    }
}
