using DiyNet.Modules;
using System.Globalization;

namespace DiyNet.Cluster;

/// <summary>
/// Builds a network from a one-line model spec in the C# class names, layers separated by spaces:
/// <c>Linear(64,100) ReLU Linear(100,10)</c>. Arguments are the constructors' leading integer (or, for
/// <c>LeakyReLU</c>, float) arguments; every random initial value is drawn from the given generator.
/// </summary>
public static class ModelText
{
    /// <summary>Parses <paramref name="spec"/> and builds a fresh <see cref="Sequential"/>.</summary>
    /// <param name="spec">E.g. <c>Unflatten(16,16,1) Conv2D(3,1,8) ReLU MaxPool2D(2) Flatten Linear(392,10)</c>.</param>
    /// <param name="random">Source of the initial weights.</param>
    /// <exception cref="FormatException">Unknown layer, wrong argument count or malformed text; the message quotes the layer.</exception>
    public static Sequential Build(string spec, Random random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(random);
        var layers = Tokens(spec).Select(t => Layer(t, random, spec)).ToArray();
        if (layers.Length == 0) throw new FormatException("model spec: no layer in an empty spec.");
        return new Sequential(layers);
    }

    private static IEnumerable<string> Tokens(string spec)
    {
        int depth = 0, start = -1;
        for (int i = 0; i <= spec.Length; i++)
        {
            char c = i < spec.Length ? spec[i] : ' ';
            if (c == '(') depth++;
            else if (c == ')' && --depth < 0) throw new FormatException($"model spec \"{spec}\": unmatched ')' at column {i + 1}.");
            bool separator = depth == 0 && (char.IsWhiteSpace(c) || c == ',');
            if (separator)
            {
                if (start >= 0) yield return spec[start..i];
                start = -1;
            }
            else if (start < 0) start = i;
        }
        if (depth != 0) throw new FormatException($"model spec \"{spec}\": unmatched '('.");
    }

    private static Module Layer(string token, Random random, string spec)
    {
        int open = token.IndexOf('(');
        string name = open < 0 ? token : token[..open];
        string[] args = open < 0 ? [] : token[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (open >= 0 && !token.EndsWith(')')) throw new FormatException($"model spec \"{spec}\": \"{token}\" has text after its ')'.");
        int I(int i) => int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw new FormatException($"model spec \"{spec}\": argument {i + 1} of {token} is \"{args[i]}\", not an integer.");
        void Count(int min, int max)
        {
            if (args.Length < min || args.Length > max)
                throw new FormatException($"model spec \"{spec}\": {name} takes {(min == max ? $"{min}" : $"{min} to {max}")} arguments, got {args.Length} in \"{token}\".");
        }
        switch (name)
        {
            case "Linear": Count(2, 2); return new Linear(I(0), I(1), random: random);
            case "Conv1D": Count(3, 5); return new Conv1D(I(0), I(1), I(2), args.Length > 3 ? I(3) : 1, args.Length > 4 ? I(4) : 0, random: random);
            case "Conv2D": Count(3, 5); return new Conv2D(I(0), I(1), I(2), args.Length > 3 ? I(3) : 1, args.Length > 4 ? I(4) : 0, random: random);
            case "MaxPool1D": Count(1, 2); return new MaxPool1D(I(0), args.Length > 1 ? I(1) : null);
            case "MaxPool2D": Count(1, 2); return new MaxPool2D(I(0), args.Length > 1 ? I(1) : null);
            case "AvgPool1D": Count(1, 2); return new AvgPool1D(I(0), args.Length > 1 ? I(1) : null);
            case "AvgPool2D": Count(1, 2); return new AvgPool2D(I(0), args.Length > 1 ? I(1) : null);
            case "Flatten": Count(0, 0); return new Flatten();
            case "Unflatten": Count(1, 3); return new Unflatten([.. Enumerable.Range(0, args.Length).Select(I)]);
            case "ReLU": Count(0, 0); return new ReLU();
            case "TanH": Count(0, 0); return new TanH();
            case "Sigmoid": Count(0, 0); return new Sigmoid();
            case "Softmax": Count(0, 0); return new Softmax();
            case "LogSoftmax": Count(0, 0); return new LogSoftmax();
            case "Identity": Count(0, 0); return new Identity();
            case "LeakyReLU":
                Count(0, 1);
                return args.Length == 0 ? new LeakyReLU()
                    : new LeakyReLU(float.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float slope) ? slope
                        : throw new FormatException($"model spec \"{spec}\": the slope of {token} is not a number."));
            default:
                throw new FormatException($"model spec \"{spec}\": unknown layer \"{name}\" (known: Linear, Conv1D, Conv2D, MaxPool1D, MaxPool2D, " +
                                          "AvgPool1D, AvgPool2D, Flatten, Unflatten, ReLU, LeakyReLU, TanH, Sigmoid, Softmax, LogSoftmax, Identity).");
        }
    }
}
