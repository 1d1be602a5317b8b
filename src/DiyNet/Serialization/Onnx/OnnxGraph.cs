using DiyNet.Tensors;
using Google.Protobuf;

namespace DiyNet.Serialization;

/// <summary>
/// An ONNX graph under construction: nodes in execution order, initializers (weights and constants), and value names
/// made unique. The exporter (<see cref="OnnxLowering"/>) calls it module by module.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>The graph proto being filled.</summary>
    public GraphProto Proto { get; } = new() { Name = "diynet" };

    /// <summary>Appends a node <paramref name="op"/> of the default domain and returns the name of its output.</summary>
    /// <param name="op">The ONNX operator (<c>Conv</c>, <c>Gemm</c>, …).</param>
    /// <param name="name">A readable base name (the module's path and the operator); made unique.</param>
    /// <param name="inputs">Input value names; an empty string leaves an optional input out.</param>
    /// <param name="attributes">The node's attributes.</param>
    public string Node(string op, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        string output = Unique(name);
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return output;
    }

    /// <summary>Adds a float initializer of shape <paramref name="dims"/> holding <paramref name="values"/>; returns its name.</summary>
    public string Floats(string name, ReadOnlySpan<float> values, params int[] dims)
    {
        long count = 1;
        foreach (int d in dims) count *= d;
        if (count != values.Length)
            throw new ArgumentException($"ONNX initializer {name}: {values.Length} values for dims ({string.Join(", ", dims)}).", nameof(values));
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float };
        foreach (int d in dims) tensor.Dims.Add(d);
        tensor.FloatData.AddRange(values.ToArray());
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a float initializer holding a copy of <paramref name="tensor"/> (same shape).</summary>
    public string Floats(string name, Tensor tensor) => Floats(name, tensor.Span, tensor.Shape.ToArray());

    /// <summary>Adds a one-dimensional int64 initializer (a shape or a list of axes); returns its name.</summary>
    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Declares a graph input or output of float elements, with <c>N</c> as its first (batch) dimension.</summary>
    public static ValueInfoProto BatchValue(string name, ReadOnlySpan<int> exampleShape)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (int d in exampleShape) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>Reserves <paramref name="name"/> (a graph input) so that no node output takes it.</summary>
    public void Reserve(string name) => _names.Add(name);

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A list-of-integers attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private string Unique(string name)
    {
        if (_names.Add(name)) return name;
        for (int k = 1; ; k++)
            if (_names.Add($"{name}_{k}")) return $"{name}_{k}";
    }
}
