using DiyNet.Tensors;

namespace DiyNet.Modules;

/// <summary>A trainable tensor and the gradient accumulated for it (same shape).</summary>
public sealed class Parameter
{
    /// <summary>Creates a parameter over <paramref name="value"/> with a zero gradient.</summary>
    public Parameter(string name, Tensor value)
    {
        Name = name;
        Value = value;
        Gradient = new Tensor(value.Shape.ToArray());
    }

    /// <summary>The parameter's name within its module (<c>weight</c>, <c>bias</c>).</summary>
    public string Name { get; }

    /// <summary>The current value.</summary>
    public Tensor Value { get; }

    /// <summary>The accumulated gradient of the loss with respect to <see cref="Value"/>.</summary>
    public Tensor Gradient { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}{Value.ShapeString}";
}
