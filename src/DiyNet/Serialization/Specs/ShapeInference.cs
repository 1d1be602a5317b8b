using System.Text.Json;
using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Serialization;

/// <summary>
/// Fills the sizes a spec leaves as <c>_</c> from the data and checks that every module accepts its input: it walks
/// the tree with the shape of one example, replacing <c>_</c> in an input size (<c>inputDim</c>, <c>chanIn</c>) by the
/// last axis of the incoming shape and in an output size (<c>outputDim</c>, <c>chanOut</c>) by the data's output size
/// (classes or target columns), then builds each layer and runs one example of zeros through it to learn its output
/// shape. Containers chain their children (a Sequential, and an AutoEncoder's encoder then decoder).
/// </summary>
internal sealed class ShapeInference(Func<ModuleSpec, string, Exception> error)
{
    private static readonly string[] InputSizes = ["inputDim", "chanIn"];
    private static readonly string[] OutputSizes = ["outputDim", "chanOut"];

    /// <summary>The spec with every <c>_</c> filled, and the output shape of one example.</summary>
    public (ModuleSpec Spec, int[] OutputShape) Run(ModuleSpec spec, int[] inputShape, int? outputSize)
    {
        if (spec.Children.Count > 0)
        {
            int[] shape = inputShape;
            var children = new List<ModuleSpec>(spec.Children.Count);
            foreach (var child in spec.Children)
            {
                var (filled, output) = Run(child, shape, outputSize);
                children.Add(filled);
                shape = output;
            }
            return (new ModuleSpec(spec.Type, spec.Args, children), shape);
        }
        var args = new List<KeyValuePair<string, JsonElement>>(spec.Args.Count);
        foreach (var (name, value) in spec.Args)
        {
            if (value.ValueKind != JsonValueKind.String || value.GetString() != SpecValue.Inferred)
            {
                args.Add(new(name, value));
                continue;
            }
            int size;
            if (InputSizes.Contains(name))
            {
                if (inputShape.Length == 0) throw error(spec, $"{spec.Type}: \"_\" in {name} needs an input with at least one axis.");
                size = inputShape[^1];
            }
            else if (OutputSizes.Contains(name))
                size = outputSize ?? throw error(spec, $"{spec.Type}: \"_\" in {name} stands for the data's output size, unknown here; write the number.");
            else throw error(spec, $"{spec.Type}: \"_\" cannot be inferred for argument \"{name}\" (only {string.Join(", ", InputSizes.Concat(OutputSizes))}).");
            args.Add(new(name, JsonValues.From(size)));
        }
        var complete = new ModuleSpec(spec.Type, args, spec.Children);
        Module module;
        try { module = complete.Build(); }
        catch (ModuleSpecException e) { throw error(spec, e.Message); }
        var example = new Tensor([1, .. inputShape]);
        Tensor y;
        try { y = module.Forward(example); }
        catch (Exception e) when (e is ShapeException or ArgumentException)
        {
            throw error(spec, $"{module} does not accept an example of shape ({string.Join(", ", inputShape)}): {e.Message}");
        }
        return (complete, y.Shape[1..].ToArray());
    }
}
