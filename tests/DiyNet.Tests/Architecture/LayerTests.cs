using System.Reflection;
using DiyNet.Tensors;
using NetArchTest.Rules;
using Xunit;

// Namespace Layering, not Architecture: a namespace DiyNet.Tests.Architecture would hide
// System.Runtime.InteropServices.Architecture from every other test namespace.
namespace DiyNet.Tests.Layering;

/// <summary>
/// The house, enforced: no namespace of the library uses one above it (read from the compiled IL — signatures, fields
/// and method bodies — with NetArchTest), every namespace of the library has its place in the table, the plotting
/// project references nothing of the library, and the CLI's reports do not use the experiments or commands.
/// </summary>
/// <remarks>
/// Layers, bottom up: Tensors, Kernels → Modules, Losses, Data, Metrics, Analysis → Optimization, Checking →
/// Training, Serialization → CLI. A layer may use every layer below it; within a level only the uses listed in
/// <see cref="SameLevel"/> are allowed, and <see cref="TypeExceptions"/> names the single types allowed one more use.
/// The README's "The house" section prints the same table.
/// </remarks>
public class LayerTests
{
    private const string Root = "DiyNet";

    /// <summary>The layers, bottom up; each inner array is one level.</summary>
    public static readonly string[][] Levels =
    [
        ["Tensors", "Kernels"],
        ["Modules", "Losses", "Data", "Metrics", "Analysis"],
        ["Optimization", "Checking"],
        ["Training", "Serialization"],
    ];

    /// <summary>The uses allowed within a level: a loss reports shapes as modules do (<c>ShapeException</c>, in
    /// Modules); the analysis tools may score their results (Metrics); the training loop may save and load
    /// (Serialization). Nothing else on one level uses its neighbours.</summary>
    public static readonly (string User, string Used)[] SameLevel =
    [
        ("Losses", "Modules"),
        ("Analysis", "Metrics"),
        ("Training", "Serialization"),
    ];

    /// <summary>Single types allowed one use their layer otherwise may not make: <c>FeatureScaling</c> (Modules) is
    /// built from a fitted <c>Scaler</c> (Data), so that a network can carry the scaling of its inputs.</summary>
    public static readonly (string Type, string Used)[] TypeExceptions =
    [
        ("DiyNet.Modules.FeatureScaling", "Data"),
    ];

    private static readonly Assembly Library = typeof(Tensor).Assembly;

    /// <summary>The namespaces a layer may use (besides its own): every one on a lower level, and its same-level
    /// allowances.</summary>
    public static IReadOnlyList<string> MayUse(string layer)
    {
        int level = Array.FindIndex(Levels, l => l.Contains(layer));
        if (level < 0) throw new ArgumentException($"'{layer}' is not a layer of the table.", nameof(layer));
        return Levels.Take(level).SelectMany(l => l)
            .Concat(SameLevel.Where(s => s.User == layer).Select(s => s.Used)).ToList();
    }

    /// <summary>The namespaces a layer must not use: every other layer of the table that <see cref="MayUse"/> leaves out.</summary>
    public static IReadOnlyList<string> MustNotUse(string layer) =>
        Levels.SelectMany(l => l).Where(other => other != layer && !MayUse(layer).Contains(other)).ToList();

    public static TheoryData<string> Layers()
    {
        var data = new TheoryData<string>();
        foreach (string layer in Levels.SelectMany(l => l)) data.Add(layer);
        return data;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void NoLayerUsesALayerAboveIt(string layer)
    {
        var violations = Violations(Library, layer, MustNotUse(layer));
        Assert.True(violations.Count == 0,
            $"{Root}.{layer} may use only {Describe(MayUse(layer))}, but:\n  " + string.Join("\n  ", violations));
    }

    [Fact]
    public void EveryNamespaceOfTheLibraryHasItsPlaceInTheTable()
    {
        var known = Levels.SelectMany(l => l).Select(l => $"{Root}.{l}").ToHashSet();
        var strays = Library.GetTypes()
            .Where(t => t.Namespace is not null && (t.Namespace == Root || t.Namespace.StartsWith(Root + ".", StringComparison.Ordinal)))
            .Where(t => !known.Contains(t.Namespace!))
            .Select(t => $"{t.FullName} (namespace {t.Namespace})").Order().ToList();
        Assert.True(strays.Count == 0,
            "Types outside the layers of the table (put them in a layer's folder and namespace, or add the layer to " +
            "LayerTests.Levels and to the README):\n  " + string.Join("\n  ", strays));
    }

    [Fact]
    public void TheDetectorSeesTheUsesThatExist()
    {
        // A check that finds nothing proves nothing unless it would see a use: these uses exist and are allowed.
        Assert.NotEmpty(Violations(Library, "Training", ["Modules"]));          // Trainer trains a Module
        Assert.NotEmpty(Violations(Library, "Modules", ["Kernels"]));           // Linear multiplies with Gemm
        Assert.NotEmpty(Violations(Library, "Losses", ["Tensors"]));
        Assert.NotEmpty(Violations(typeof(DiyNet.Cli.Program).Assembly, "DiyNet.Cli.Experiments", ["DiyNet.Cli.Reports"], exact: false));
    }

    [Fact]
    public void ThePlottingProjectReferencesNothingOfTheLibrary()
    {
        var plots = typeof(DiyNet.Plots.Figure).Assembly;
        var references = plots.GetReferencedAssemblies().Select(a => a.Name).Where(n => n is not null && n.StartsWith(Root, StringComparison.Ordinal)).ToList();
        Assert.True(references.Count == 0, $"DiyNet.Plots references {string.Join(", ", references)}; it takes arrays in and writes SVG out.");
        var uses = Types.InAssembly(plots).ShouldNot().HaveDependencyOnAny(LibraryNamespaces()).GetResult();
        Assert.True(uses.IsSuccessful, "DiyNet.Plots uses the library in " + string.Join(", ", uses.FailingTypeNames ?? []));
    }

    [Fact]
    public void TheLibraryReferencesNeitherThePlotsNorTheCli()
    {
        var references = Library.GetReferencedAssemblies().Select(a => a.Name)
            .Where(n => n is "DiyNet.Plots" or "DiyNet.Cli").ToList();
        Assert.True(references.Count == 0, $"The library references {string.Join(", ", references)}.");
    }

    [Fact]
    public void TheCliReportsAreALeaf()
    {
        // Reports/ writes what the experiments give it; it knows neither the experiments nor the commands.
        var cli = typeof(DiyNet.Cli.Program).Assembly;
        var violations = Violations(cli, "DiyNet.Cli.Reports", ["DiyNet.Cli.Experiments", "DiyNet.Cli.Commands", "DiyNet.Cli.Bench"], exact: false);
        Assert.True(violations.Count == 0, "DiyNet.Cli.Reports must not use the experiments, commands or bench:\n  " + string.Join("\n  ", violations));
    }

    // A library layer: its namespace exactly, the forbidden layers by name, less the type exceptions.
    private static List<string> Violations(Assembly assembly, string layer, IEnumerable<string> forbidden) =>
        Violations(assembly, $"{Root}.{layer}", forbidden.Select(f => $"{Root}.{f}"), exact: true)
            .Where(v => !TypeExceptions.Any(e => v == $"{e.Type} uses {Root}.{e.Used}")).ToList();

    // "Type uses Namespace" for every type of the namespace (and of its sub-namespaces unless exact) that depends on
    // one of the forbidden namespaces; an empty namespace has none.
    private static List<string> Violations(Assembly assembly, string ns, IEnumerable<string> forbidden, bool exact)
    {
        var found = new List<string>();
        foreach (string target in forbidden)
        {
            var result = Types.InAssembly(assembly).That().ResideInNamespace(ns).ShouldNot().HaveDependencyOn(target).GetResult();
            if (!result.IsSuccessful)
                found.AddRange((result.FailingTypeNames ?? []).Where(t => InNamespace(t, ns, exact)).Select(t => $"{t} uses {target}"));
        }
        return found;
    }

    // ResideInNamespace matches by prefix: keep the types of this namespace (nested types included), and of its
    // sub-namespaces unless exact.
    private static bool InNamespace(string typeName, string ns, bool exact) =>
        typeName.StartsWith(ns + ".", StringComparison.Ordinal)
        && (!exact || !typeName[(ns.Length + 1)..].Split('+', '/')[0].Contains('.'));

    private static string[] LibraryNamespaces() => Levels.SelectMany(l => l).Select(l => $"{Root}.{l}").ToArray();

    private static string Describe(IReadOnlyList<string> layers) => layers.Count == 0 ? "nothing of the library" : string.Join(", ", layers);
}
