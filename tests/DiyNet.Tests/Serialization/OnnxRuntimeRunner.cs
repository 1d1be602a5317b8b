using DiyNet.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace DiyNet.Tests.Serialization;

/// <summary>Runs an exported ONNX model in ONNX Runtime (one thread, default graph optimizations).</summary>
internal sealed class OnnxRuntimeRunner : IDisposable
{
    private readonly SessionOptions _options = new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
    private readonly InferenceSession _session;

    public OnnxRuntimeRunner(byte[] model) => _session = new InferenceSession(model, _options);

    public OnnxRuntimeRunner(string path) => _session = new InferenceSession(path, _options);

    /// <summary>The graph's input and output names and their dimensions (-1 for a dynamic one).</summary>
    public (string Name, int[] Dims) Input => Describe(_session.InputMetadata.Single());

    public (string Name, int[] Dims) Output => Describe(_session.OutputMetadata.Single());

    /// <summary>The model's output for <paramref name="input"/>.</summary>
    public Tensor Run(Tensor input)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input.Span.ToArray(), input.Shape.ToArray().Select(d => (long)d).ToArray());
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, [Input.Name], [value], [Output.Name]);
        var result = results[0];
        long[] shape = result.GetTensorTypeAndShape().Shape;
        return Tensor.FromArray(result.GetTensorDataAsSpan<float>().ToArray(), [.. shape.Select(d => (int)d)]);
    }

    private static (string, int[]) Describe(KeyValuePair<string, NodeMetadata> entry) => (entry.Key, entry.Value.Dimensions);

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }
}
