using DiyNet.Modules;
using static DiyNet.Serialization.ModuleArgument;

namespace DiyNet.Serialization;

/// <summary>The catalog entries of DiyNet's own modules (registered when <see cref="ModuleCatalog"/> is first used).</summary>
internal static class BuiltInModules
{
    public static void RegisterAll()
    {
        ModuleCatalog.Register<Linear>("Linear",
            [Required("inputDim", ArgumentKind.Int), Required("outputDim", ArgumentKind.Int), Optional("bias", true)],
            m => [m.InputDim, m.OutputDim, m.Bias is not null],
            s => new Linear(s.Int("inputDim"), s.Int("outputDim"), s.Bool("bias")), summary: "y = x·W + b, W (in, out)");

        Plain<TanH>("tanh, elementwise", () => new TanH());
        Plain<Sigmoid>("1 / (1 + e^(−x)), elementwise", () => new Sigmoid());
        Plain<ReLU>("max(0, x), elementwise", () => new ReLU());
        Plain<Softmax>("softmax over the last axis", () => new Softmax());
        Plain<LogSoftmax>("log-softmax over the last axis", () => new LogSoftmax());
        Plain<Identity>("y = x", () => new Identity());
        Plain<Flatten>("(N, …) → (N, features), channels-last order", () => new Flatten());
        ModuleCatalog.Register<LeakyReLU>("LeakyReLU", [Optional("negativeSlope", 0.01f)],
            m => [m.NegativeSlope], s => new LeakyReLU(s.Float("negativeSlope")), summary: "x if x > 0 else slope·x");

        Plain<GELU>("x·Φ(x), elementwise (exact)", () => new GELU());
        Plain<SiLU>("x·σ(x), elementwise", () => new SiLU());
        ModuleCatalog.Register<ELU>("ELU", [Optional("alpha", 1f)], m => [m.Alpha], s => new ELU(s.Float("alpha")),
            summary: "x if x > 0 else alpha·(e^x − 1)");
        ModuleCatalog.Register<Softplus>("Softplus", [Optional("beta", 1f), Optional("threshold", 20f)], m => [m.Beta, m.Threshold],
            s => new Softplus(s.Float("beta"), s.Float("threshold")), summary: "log(1 + e^(beta·x)) / beta, linear above the threshold");
        ModuleCatalog.Register<Dropout>("Dropout", [Optional("p", 0.5f)], m => [m.P], s => new Dropout(s.Float("p")),
            summary: "zeroes each value with probability p in training (inverted scaling)");
        ModuleCatalog.Register<Dropout2D>("Dropout2D", [Optional("p", 0.5f)], m => [m.P], s => new Dropout2D(s.Float("p")),
            summary: "zeroes whole channels with probability p in training");
        Normalization<BatchNorm1D>((f, e, m, a) => new BatchNorm1D(f, e, m, a), "batch normalization over (N, C) or (N, L, C)");
        Normalization<BatchNorm2D>((f, e, m, a) => new BatchNorm2D(f, e, m, a), "batch normalization over (N, H, W, C)");
        ModuleCatalog.Register<FeatureScaling>("FeatureScaling", [Required("features", ArgumentKind.Int)], m => [m.Features],
            s => new FeatureScaling(s.Int("features")), summary: "y = (x − shift) ⊙ scale per feature, fixed (input scaling kept in the model)");
        ModuleCatalog.Register<LayerNorm>("LayerNorm", [Required("features", ArgumentKind.Int), Optional("eps", 1e-5f), Optional("affine", true)],
            m => [m.Features, m.Epsilon, m.Weight is not null], s => new LayerNorm(s.Int("features"), s.Float("eps"), s.Bool("affine")),
            summary: "normalizes each example over its last axis");

        Convolution<Conv1D>((k, i, o, st, p, b) => new Conv1D(k, i, o, st, p, b), "1-D convolution, (N, L, C) channels-last");
        Convolution<Conv2D>((k, i, o, st, p, b) => new Conv2D(k, i, o, st, p, b), "2-D convolution, (N, H, W, C) channels-last");
        Transposed<ConvTranspose1D>((k, i, o, st, p, op, b) => new ConvTranspose1D(k, i, o, st, p, op, b), "1-D transposed convolution");
        Transposed<ConvTranspose2D>((k, i, o, st, p, op, b) => new ConvTranspose2D(k, i, o, st, p, op, b), "2-D transposed convolution");

        Pool<MaxPool1D>((k, s) => new MaxPool1D(k, s), "1-D max pooling");
        Pool<MaxPool2D>((k, s) => new MaxPool2D(k, s), "2-D max pooling");
        Pool<AvgPool1D>((k, s) => new AvgPool1D(k, s), "1-D average pooling");
        Pool<AvgPool2D>((k, s) => new AvgPool2D(k, s), "2-D average pooling");
        ModuleCatalog.Register<Upsample1D>("Upsample1D", [Optional("scale", 2)], m => [m.Scale], s => new Upsample1D(s.Int("scale")),
            summary: "nearest-neighbour upsampling of (N, L, C)");
        ModuleCatalog.Register<Upsample2D>("Upsample2D", [Optional("scale", 2)], m => [m.Scale], s => new Upsample2D(s.Int("scale")),
            summary: "nearest-neighbour upsampling of (N, H, W, C)");
        ModuleCatalog.Register<Unflatten>("Unflatten", [Required("exampleShape", ArgumentKind.IntList)],
            m => [m.ExampleShape.ToArray()], s => new Unflatten(s.Ints("exampleShape")), summary: "(N, features) → (N, shape…)");

        ModuleCatalog.Register<Sequential>("Sequential", [], _ => [],
            s => new Sequential([.. s.Children.Select(c => c.Build())]), minChildren: 1, maxChildren: int.MaxValue,
            summary: "children chained in order");
        ModuleCatalog.Register<AutoEncoder>("AutoEncoder", [], _ => [],
            s => new AutoEncoder(s.Children[0].Build(), s.Children[1].Build()), minChildren: 2, maxChildren: 2,
            summary: "encoder then decoder");
    }

    private static void Plain<T>(string summary, Func<T> create) where T : Module =>
        ModuleCatalog.Register<T>(typeof(T).Name, [], _ => [], _ => create(), summary: summary);

    private static ModuleArgument[] ConvolutionArguments(bool transposed) =>
    [
        Required("kSize", ArgumentKind.Int), Required("chanIn", ArgumentKind.Int), Required("chanOut", ArgumentKind.Int),
        Optional("stride", 1), Optional("padding", 0), .. transposed ? [Optional("outputPadding", 0)] : Array.Empty<ModuleArgument>(),
        Optional("bias", true),
    ];

    private static void Convolution<T>(Func<int, int, int, int, int, bool, T> create, string summary) where T : Modules.Convolution =>
        ModuleCatalog.Register<T>(typeof(T).Name, ConvolutionArguments(false),
            m => [m.KernelSize, m.ChanIn, m.ChanOut, m.Stride, m.Padding, m.Bias is not null],
            s => create(s.Int("kSize"), s.Int("chanIn"), s.Int("chanOut"), s.Int("stride"), s.Int("padding"), s.Bool("bias")),
            summary: summary);

    private static void Transposed<T>(Func<int, int, int, int, int, int, bool, T> create, string summary) where T : Modules.Convolution =>
        ModuleCatalog.Register<T>(typeof(T).Name, ConvolutionArguments(true),
            m => [m.KernelSize, m.ChanIn, m.ChanOut, m.Stride, m.Padding, m.OutputPadding, m.Bias is not null],
            s => create(s.Int("kSize"), s.Int("chanIn"), s.Int("chanOut"), s.Int("stride"), s.Int("padding"),
                s.Int("outputPadding"), s.Bool("bias")),
            summary: summary);

    private static void Normalization<T>(Func<int, float, float, bool, T> create, string summary) where T : BatchNormalization =>
        ModuleCatalog.Register<T>(typeof(T).Name,
            [Required("features", ArgumentKind.Int), Optional("eps", 1e-5f), Optional("momentum", 0.1f), Optional("affine", true)],
            m => [m.Features, m.Epsilon, m.Momentum, m.Weight is not null],
            s => create(s.Int("features"), s.Float("eps"), s.Float("momentum"), s.Bool("affine")), summary: summary);

    private static void Pool<T>(Func<int, int?, T> create, string summary) where T : Pooling =>
        ModuleCatalog.Register<T>(typeof(T).Name, [Required("kSize", ArgumentKind.Int), OptionalNull("stride", ArgumentKind.Int)],
            m => [m.KernelSize, m.Stride],
            s => create(s.Int("kSize"), s.Arg("stride").ValueKind == System.Text.Json.JsonValueKind.Null ? null : s.Int("stride")),
            summary: summary + " (stride defaults to kSize)");
}
