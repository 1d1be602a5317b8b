namespace DiyNet.Serialization;

/// <summary>
/// Model specs, the way a person writes a network without C#: one line in the C# class names
/// (<c>"Linear(_,64) ReLU Linear(64,_)"</c>, see <see cref="SpecParser"/>) or the architecture tree
/// (<see cref="ModuleSpec"/>, JSON), with sizes left as <c>_</c> filled from the data (<see cref="Infer"/>).
/// </summary>
public static class ModelSpecs
{
    /// <summary>
    /// Parses a one-line spec into the architecture tree; with <paramref name="exampleShape"/>, fills every <c>_</c> and
    /// checks that each module accepts its input.
    /// </summary>
    /// <param name="text">The spec, e.g. <c>Unflatten(28,28,1) Conv2D(5,1,6,padding:2) ReLU MaxPool2D(2) Flatten Linear(1176,10)</c>.</param>
    /// <param name="exampleShape">The shape of one input example (e.g. [784]), or null to skip inference.</param>
    /// <param name="outputSize">The data's output size (number of classes or of target columns) for an output <c>_</c>.</param>
    /// <exception cref="SpecException">A syntax error, an unknown module or argument, a <c>_</c> that cannot be
    /// filled, or a module refusing its input; the message names the position.</exception>
    public static ModuleSpec Parse(string text, int[]? exampleShape = null, int? outputSize = null)
    {
        var positions = new Dictionary<ModuleSpec, int>(ReferenceEqualityComparer.Instance);
        var spec = SpecBinder.Bind(SpecParser.Parse(text), text, positions);
        if (exampleShape is null) return spec;
        var inference = new ShapeInference((s, detail) => new SpecException(text, positions.GetValueOrDefault(s), detail));
        return inference.Run(spec, exampleShape, outputSize).Spec;
    }

    /// <summary>Fills every <c>_</c> of <paramref name="spec"/> from the data and checks each module's input.</summary>
    /// <exception cref="ModuleSpecException">A <c>_</c> that cannot be filled, or a module refusing its input (named by its spec).</exception>
    public static ModuleSpec Infer(ModuleSpec spec, int[] exampleShape, int? outputSize = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(exampleShape);
        var inference = new ShapeInference((s, detail) => new ModuleSpecException($"Architecture, module {s}: {detail}"));
        return inference.Run(spec, exampleShape, outputSize).Spec;
    }

    /// <summary>The output shape of one example of <paramref name="spec"/> for an example of <paramref name="exampleShape"/>.</summary>
    public static int[] OutputShape(ModuleSpec spec, int[] exampleShape)
    {
        var inference = new ShapeInference((s, detail) => new ModuleSpecException($"Architecture, module {s}: {detail}"));
        return inference.Run(spec, exampleShape, null).OutputShape;
    }

    /// <summary>The one-line spec of <paramref name="spec"/> (which <see cref="Parse"/> reads back to the same tree).</summary>
    public static string ToLine(ModuleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return SpecWriter.Line(spec);
    }
}
