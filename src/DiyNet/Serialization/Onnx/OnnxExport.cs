using System.Globalization;
using DiyNet.Modules;
using DiyNet.Tensors;
using Google.Protobuf;

namespace DiyNet.Serialization;

/// <summary>
/// Exports a network as an ONNX model (IR version <see cref="IrVersion"/>, opset <see cref="Opset"/> of the default
/// domain) that ONNX Runtime and other tools run: one float32 input named <c>input</c> of shape (N, example shape…)
/// and one output named <c>output</c>, N a dynamic batch dimension. The graph computes the network in evaluation
/// mode (dropout off, batch normalization on its running statistics). Every built-in module translates (see
/// <see cref="OnnxLowering"/> for the operators and the Transpose nodes around the channels-first ones); any other
/// module is refused with its name and path.
/// </summary>
/// <example>
/// <code>
/// net.ExportOnnx("digits.onnx", 64);              // inputs (N, 64)
/// cnn.ExportOnnx("lenet.onnx", 28, 28, 1);        // channels-last images (N, 28, 28, 1)
/// </code>
/// </example>
public static class OnnxExport
{
    /// <summary>The ONNX IR version written (that of ONNX 1.10 to 1.12, read by every later runtime).</summary>
    public const int IrVersion = 8;

    /// <summary>The opset of the default ONNX domain the graph uses (LayerNormalization needs 17).</summary>
    public const int Opset = 17;

    /// <summary>Metadata key of the network's architecture JSON (<see cref="ModuleSpec"/>), when every module is in
    /// the <see cref="ModuleCatalog"/>.</summary>
    public const string ArchitectureKey = "diynet.architecture";

    /// <summary>Writes the ONNX model of <paramref name="net"/> to <paramref name="path"/>, atomically.</summary>
    /// <param name="net">The network (its mode is restored afterwards).</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="exampleShape">The shape of one input example, without the batch axis: <c>[64]</c> for (N, 64)
    /// rows, <c>[16, 16, 1]</c> for channels-last images.</param>
    /// <exception cref="OnnxExportException">A module is not built in, or refuses an input of that shape.</exception>
    public static void Save(Module net, string path, params int[] exampleShape)
    {
        var model = Build(net, exampleShape);
        AtomicFile.Write(path, model.WriteTo);
    }

    /// <summary>The ONNX model of <paramref name="net"/> as bytes (what <see cref="Save"/> writes).</summary>
    /// <exception cref="OnnxExportException">A module is not built in, or refuses an input of that shape.</exception>
    public static byte[] ToBytes(Module net, params int[] exampleShape) => Build(net, exampleShape).ToByteArray();

    internal static ModelProto Build(Module net, int[] exampleShape)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(exampleShape);
        if (exampleShape.Length == 0 || exampleShape.Any(d => d <= 0))
            throw new OnnxExportException($"ONNX export of {net.GetType().Name}: the example shape ({string.Join(", ", exampleShape)}) must " +
                                          "have at least one axis, every size positive (the shape of one example, without the batch axis).");
        var graph = new OnnxGraph();
        graph.Reserve("input");
        graph.Reserve("output");
        bool training = net.IsTraining;
        net.Eval();
        OnnxValue y;
        try
        {
            var x = new OnnxValue("input", new Tensor([1, .. exampleShape]), ChannelsFirst: false);
            y = OnnxLowering.ChannelsLast(graph, OnnxLowering.Lower(graph, net, "", x), "");
        }
        finally
        {
            if (training) net.Train();
        }
        var nodes = graph.Proto.Node;
        if (nodes.Count == 0) nodes.Add(new NodeProto { OpType = "Identity", Name = "output", Input = { "input" }, Output = { "output" } });
        else nodes[^1].Output[0] = "output"; // the last node computes the network's output
        graph.Proto.Input.Add(OnnxGraph.BatchValue("input", exampleShape));
        graph.Proto.Output.Add(OnnxGraph.BatchValue("output", y.Probe.Shape[1..]));
        graph.Proto.DocString = net.ToString() ?? "";

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "DiyNet",
            ProducerVersion = typeof(Module).Assembly.GetName().Version?.ToString() ?? "0",
            ModelVersion = 1,
            DocString = $"{net.GetType().Name} exported by DiyNet: input (N, {string.Join(", ", exampleShape.Select(d => d.ToString(CultureInfo.InvariantCulture)))}), " +
                        "channels-last like DiyNet's tensors.",
            Graph = graph.Proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        try { model.MetadataProps.Add(new StringStringEntryProto { Key = ArchitectureKey, Value = ModuleSpec.Of(net).ToJson() }); }
        catch (ModuleSpecException) { } // a Frozen module or one registered nowhere: the graph is complete without it
        return model;
    }
}
