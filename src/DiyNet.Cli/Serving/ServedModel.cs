using System.Numerics.Tensors;
using System.Text.Json;
using DiyNet.Cli.Training;
using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Training;
using Tensor = DiyNet.Tensors.Tensor;

namespace DiyNet.Cli.Serving;

/// <summary>
/// The network <c>diynet serve</c> answers with: a thread-safe <see cref="Predictor"/> over the loaded model, the width
/// of an input row, and how its outputs become answers (class names from the model card of <c>diynet train</c>, the
/// probabilities from the scores). A feature scaling learned in training is the network's first module, so rows are
/// given as they were in the training data.
/// </summary>
internal sealed class ServedModel
{
    // Modules that keep the width of a row: the input width is read past them (Sequential(Dropout, Linear(4, 3)) takes 4).
    private static readonly HashSet<string> Elementwise = new(StringComparer.Ordinal)
    {
        "TanH", "Sigmoid", "ReLU", "LeakyReLU", "GELU", "SiLU", "ELU", "Softplus", "Identity", "Dropout",
    };

    private ServedModel(string file, Module net, ModelCard? card)
    {
        File = file;
        Predictor = new Predictor(net);
        var spec = Predictor.Architecture;
        Summary = net.ToString() ?? spec.Type;
        Parameters = net.ParameterCount;
        InputWidth = card?.InputSize ?? InputWidthOf(spec) ?? throw new ArgumentException(
            $"{file}: the width of an input row cannot be read from the network's first module ({FirstLeaf(spec).Type}) and the file has no "
            + "model card (diynet train writes one): serve takes flat rows, so the network must start with Linear, FeatureScaling, LayerNorm, BatchNorm1D or Unflatten.");
        Tensor probe;
        try { probe = Predictor.Predict(new Tensor(1, InputWidth)); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or SequentialException)
        {
            throw new ArgumentException($"{file}: the network does not take rows of {InputWidth} values: {e.Message}", e);
        }
        Outputs = probe.Length;
        bool classifier = card is null ? Outputs >= 2 : card.Task == TaskKind.Classification;
        Output = !classifier ? OutputKind.Values : LastLeaf(spec).Type switch
        {
            "Softmax" => OutputKind.Probabilities,
            "LogSoftmax" => OutputKind.LogProbabilities,
            _ => OutputKind.Scores,
        };
        if (classifier)
        {
            Classes = card?.Classes ?? [.. Enumerable.Range(0, Outputs).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
            if (Classes.Length != Outputs)
                throw new ArgumentException($"{file}: the model card names {Classes.Length} classes, the network has {Outputs} outputs.");
        }
    }

    /// <summary>The model file (or the name given to a network served from memory).</summary>
    public string File { get; }

    /// <summary>The thread-safe predictor every request goes through.</summary>
    public Predictor Predictor { get; }

    /// <summary>The printed module tree.</summary>
    public string Summary { get; }

    /// <summary>The number of parameters (weights and biases).</summary>
    public long Parameters { get; }

    /// <summary>The number of values in an input row.</summary>
    public int InputWidth { get; }

    /// <summary>The number of outputs per row.</summary>
    public int Outputs { get; }

    /// <summary>What the outputs are.</summary>
    public OutputKind Output { get; }

    /// <summary>The class names, in the order of the outputs (classifiers only).</summary>
    public string[]? Classes { get; }

    /// <summary>Loads a model file: any DiyNet model file, with the class names and input width of its card when it has one.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ModelFileException">The file is not a readable model file.</exception>
    /// <exception cref="ArgumentException">The network does not take flat rows.</exception>
    public static ServedModel Load(string path)
    {
        var (net, card) = ModelFiles.LoadWithOptionalCard(path);
        return new ServedModel(path, net, card);
    }

    /// <summary>Serves a network held in memory (its weights are snapshotted), described by <paramref name="card"/> if given.</summary>
    public static ServedModel Of(Module net, ModelCard? card, string name) => new(name, net, card);

    /// <summary>Predicts the rows of <paramref name="input"/>.</summary>
    /// <exception cref="BadRequestException">A row's outputs are not finite (inputs far outside what the network was trained on).</exception>
    public PredictResponse Predict(PredictInput input)
    {
        var y = Predictor.Predict(Tensor.FromArray(input.Values, input.Rows, InputWidth));
        int k = y.Length / input.Rows;
        var answers = new RowPrediction[input.Rows];
        for (int i = 0; i < answers.Length; i++)
        {
            var outputs = y.Span.Slice(i * k, k);
            if (!DiyNet.Tensors.Finite.All(outputs))
                throw new BadRequestException($"row {i}: the network's outputs are not finite (overflow): the inputs are far outside the range it was trained on.");
            answers[i] = Answer(outputs);
        }
        return new PredictResponse(answers);
    }

    /// <summary>The answer for one row's outputs (what a client gets back, computed the same way offline by the tests).</summary>
    public RowPrediction Answer(ReadOnlySpan<float> outputs)
    {
        if (Output == OutputKind.Values) return new RowPrediction(null, null, null, outputs.ToArray());
        int best = TensorPrimitives.IndexOfMax(outputs);
        var probabilities = new float[outputs.Length];
        switch (Output)
        {
            case OutputKind.Probabilities: outputs.CopyTo(probabilities); break;
            case OutputKind.LogProbabilities: TensorPrimitives.Exp(outputs, probabilities); break;
            default: TensorPrimitives.SoftMax(outputs, probabilities); break;
        }
        return new RowPrediction(Classes![best], best, probabilities, null);
    }

    /// <summary>The answer to <c>GET /model</c>.</summary>
    public ModelDescription Describe(ServeOptions options)
    {
        using var architecture = JsonDocument.Parse(Predictor.Architecture.ToJson());
        return new ModelDescription(File, architecture.RootElement.Clone(), Summary, Parameters, InputWidth, Outputs,
            Output == OutputKind.Values ? "regression" : "classification", Output.ToString().ToLowerInvariant(), Classes,
            options.MaxRows, options.MaxBodyBytes);
    }

    private static int? InputWidthOf(ModuleSpec spec)
    {
        switch (spec.Type)
        {
            case "Linear": return spec.Int("inputDim");
            case "FeatureScaling" or "LayerNorm" or "BatchNorm1D": return spec.Int("features");
            case "Unflatten": return spec.Ints("exampleShape").Aggregate(1, (a, b) => a * b);
            case "AutoEncoder": return InputWidthOf(spec.Children[0]);
            case "Sequential":
                foreach (var child in spec.Children)
                {
                    if (InputWidthOf(child) is int width) return width;
                    if (!Elementwise.Contains(child.Type)) return null;
                }
                return null;
            default: return null;
        }
    }

    private static ModuleSpec FirstLeaf(ModuleSpec spec) => spec.Children.Count == 0 ? spec : FirstLeaf(spec.Children[0]);

    private static ModuleSpec LastLeaf(ModuleSpec spec) => spec.Children.Count == 0 ? spec : LastLeaf(spec.Children[^1]);
}
