using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet;

namespace DiyNet.Tests.Verification;

/// <summary>
/// The one place that maps a fixture's <c>type</c> and <c>args</c> to a DiyNet constructor. Adding a module or a loss
/// to the fixtures (tools/make_fixtures.py) means adding its line here, with the argument names the script writes.
/// </summary>
internal static class FixtureRegistry
{
    private static readonly Dictionary<string, Func<FixtureArgs, Module>> ModuleFactories = new()
    {
        // Parameters are overwritten from the fixture: the initial values do not matter, the seed keeps them fixed.
        ["Linear"] = a => new Linear(a.Int("inputDim"), a.Int("outputDim"), a.Bool("bias"), random: new Random(0)),
        ["TanH"] = _ => new TanH(),
        ["Sigmoid"] = _ => new Sigmoid(),
        ["ReLU"] = _ => new ReLU(),
        ["LeakyReLU"] = a => a.Has("negativeSlope") ? new LeakyReLU(a.Float("negativeSlope")) : new LeakyReLU(),
        ["Identity"] = _ => new Identity(),
        ["Softmax"] = _ => new Softmax(),
        ["LogSoftmax"] = _ => new LogSoftmax(),
        ["Sequential"] = a => new Sequential(a.Modules("modules").Select(m => CreateModule(m.Type, m.Args)).ToArray()),
        ["AutoEncoder"] = a => new AutoEncoder(CreateModule(a.Module("encoder")), CreateModule(a.Module("decoder"))),
        ["Conv1D"] = a => new Conv1D(a.Int("kSize"), a.Int("chanIn"), a.Int("chanOut"), a.Int("stride"), a.Int("padding"), a.Bool("bias"), random: new Random(0)),
        ["Conv2D"] = a => new Conv2D(a.Int("kSize"), a.Int("chanIn"), a.Int("chanOut"), a.Int("stride"), a.Int("padding"), a.Bool("bias"), random: new Random(0)),
        ["ConvTranspose1D"] = a => new ConvTranspose1D(a.Int("kSize"), a.Int("chanIn"), a.Int("chanOut"), a.Int("stride"), a.Int("padding"),
            a.Int("outputPadding"), a.Bool("bias"), random: new Random(0)),
        ["ConvTranspose2D"] = a => new ConvTranspose2D(a.Int("kSize"), a.Int("chanIn"), a.Int("chanOut"), a.Int("stride"), a.Int("padding"),
            a.Int("outputPadding"), a.Bool("bias"), random: new Random(0)),
        ["MaxPool1D"] = a => new MaxPool1D(a.Int("kSize"), a.Int("stride")),
        ["MaxPool2D"] = a => new MaxPool2D(a.Int("kSize"), a.Int("stride")),
        ["AvgPool1D"] = a => new AvgPool1D(a.Int("kSize"), a.Int("stride")),
        ["AvgPool2D"] = a => new AvgPool2D(a.Int("kSize"), a.Int("stride")),
        ["Upsample1D"] = a => new Upsample1D(a.Int("scale")),
        ["Upsample2D"] = a => new Upsample2D(a.Int("scale")),
        ["Flatten"] = _ => new Flatten(),
        ["Unflatten"] = a => new Unflatten(a.Ints("exampleShape")),
        ["ELU"] = a => a.Has("alpha") ? new ELU(a.Float("alpha")) : new ELU(),
        ["GELU"] = _ => new GELU(),
        ["SiLU"] = _ => new SiLU(),
        ["Softplus"] = a => a.Has("beta") ? new Softplus(a.Float("beta"), a.Float("threshold")) : new Softplus(),
        ["Dropout"] = a => new Dropout(a.Float("p"), new Random(0)),
        ["Dropout2D"] = a => new Dropout2D(a.Float("p"), new Random(0)),
        ["BatchNorm1D"] = a => new BatchNorm1D(a.Int("features"), a.Float("eps"), a.Float("momentum"), a.Bool("affine")),
        ["BatchNorm2D"] = a => new BatchNorm2D(a.Int("features"), a.Float("eps"), a.Float("momentum"), a.Bool("affine")),
        ["LayerNorm"] = a => new LayerNorm(a.Int("features"), a.Float("eps"), a.Bool("affine")),
        ["FeatureScaling"] = a => new FeatureScaling(a.Floats("shift"), a.Floats("scale")),
        ["Frozen"] = a => new Frozen(CreateModule(a.Module("module"))),
    };

    private static readonly Dictionary<string, Func<FixtureArgs, Loss>> LossFactories = new()
    {
        ["MSELoss"] = _ => new MSELoss(),
        ["BCELoss"] = _ => new BCELoss(),
        ["CrossEntropyLoss"] = _ => new CrossEntropyLoss(),
        ["CELogSoftmax"] = _ => new CELogSoftmax(),
    };

    public static IReadOnlyCollection<string> ModuleTypes => ModuleFactories.Keys;

    public static IReadOnlyCollection<string> LossTypes => LossFactories.Keys;

    /// <exception cref="KeyNotFoundException">No constructor is registered for <paramref name="type"/>.</exception>
    /// <exception cref="InvalidDataException">An argument is missing, mistyped or was not used.</exception>
    public static Module CreateModule(string type, FixtureArgs args) => Create(ModuleFactories, "module", type, args);

    private static Module CreateModule((string Type, FixtureArgs Args) nested) => CreateModule(nested.Type, nested.Args);

    /// <inheritdoc cref="CreateModule"/>
    public static Loss CreateLoss(string type, FixtureArgs args) => Create(LossFactories, "loss", type, args);

    private static T Create<T>(Dictionary<string, Func<FixtureArgs, T>> factories, string kind, string type, FixtureArgs args)
    {
        if (!factories.TryGetValue(type, out var factory))
            throw new KeyNotFoundException($"{args.Where}: no {kind} constructor registered for \"{type}\" in FixtureRegistry " +
                $"(known: {string.Join(", ", factories.Keys)}).");
        T made = factory(args);
        if (args.Unread.Count > 0)
            throw new InvalidDataException($"{args.Where}: arguments not used by the constructor: {string.Join(", ", args.Unread)}.");
        return made;
    }
}
