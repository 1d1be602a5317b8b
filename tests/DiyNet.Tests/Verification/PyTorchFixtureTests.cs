using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;
using Xunit;
using Xunit.Abstractions;

namespace DiyNet.Tests.Verification;

/// <summary>
/// Every module and loss against the PyTorch fixtures of tools/make_fixtures.py (tests/DiyNet.Tests/Fixtures):
/// outputs, input gradients and parameter gradients at relative tolerance 1e-4 (<see cref="TensorComparison"/>).
/// </summary>
[Trait(TestGroup.Name, TestGroup.Fixture)]
public class PyTorchFixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new(FixtureFile.CaseNames());

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string caseName)
    {
        var fixture = FixtureFile.Load(caseName);
        var results = FixtureVerifier.Verify(fixture);
        foreach (var r in results) output.WriteLine(r.ToString());
        var failed = results.Where(r => !r.Passed).ToArray();
        Assert.True(failed.Length == 0, $"{fixture.Title} {fixture.Type} {fixture.Args}:\n  " + string.Join("\n  ", failed.Select(r => r.ToString())));
    }

    [Fact]
    public void EveryFixtureHasAConstructor()
    {
        var names = FixtureFile.CaseNames();
        Assert.True(names.Count > 0, $"No fixture in {FixtureFile.Folder}: run /usr/bin/python3 tools/make_fixtures.py.");
        var orphans = names.Select(FixtureFile.Load)
            .Where(f => !(f.Kind == "module" ? FixtureRegistry.ModuleTypes : FixtureRegistry.LossTypes).Contains(f.Type))
            .Select(f => $"{f.Title}: {f.Kind} {f.Type}").ToArray();
        Assert.True(orphans.Length == 0, "Fixtures without a constructor in FixtureRegistry:\n  " + string.Join("\n  ", orphans));
    }

    [Fact]
    public void EveryModuleAndLossOfTheLibraryHasAFixture()
    {
        var covered = FixtureFile.CaseNames().Select(FixtureFile.Load).Select(f => f.Type).ToHashSet();
        var missing = typeof(Module).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && (t.IsSubclassOf(typeof(Module)) || t.IsSubclassOf(typeof(Loss))))
            .Select(t => t.Name).Where(n => !covered.Contains(n)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, "No PyTorch fixture for: " + string.Join(", ", missing) +
            " (add a case to tools/make_fixtures.py and a constructor to FixtureRegistry).");
    }

    [Fact]
    public void AWrongBackwardFailsItsFixture()
    {
        var fixture = FixtureFile.Load("TanH-n4x5");
        var results = FixtureVerifier.Module(fixture, new TanHWithIdentityBackward());
        Assert.True(results.Single(r => r.Name == "output").Passed, fixture.Title);
        Assert.False(results.Single(r => r.Name == "grad_input").Passed, fixture.Title);
    }

    [Fact]
    public void ComparisonAcceptsRoundingAndRejectsErrors()
    {
        var torch = Tensor.FromArray([1f, -2f, 1e-6f, 0f], 2, 2);
        Assert.True(TensorComparison.Of("t", Tensor.FromArray([1.00005f, -2.0001f, 1e-6f + 1e-7f, 1e-7f], 2, 2), torch).Passed);
        var wrong = TensorComparison.Of("t", Tensor.FromArray([1f, -2.001f, 1e-6f, 0f], 2, 2), torch);
        Assert.False(wrong.Passed);
        Assert.Equal("[0, 1]", wrong.Where);
        Assert.False(TensorComparison.Of("t", Tensor.FromArray([1f, -2f, 1e-6f, 3e-6f], 2, 2), torch).Passed);
        Assert.False(TensorComparison.Of("t", Tensor.FromArray([1f, float.NaN, 1e-6f, 0f], 2, 2), torch).Passed);
        Assert.False(TensorComparison.Of("t", Tensor.FromArray([1f, -2f, 1e-6f, 0f], 4), torch).Passed);
        Assert.False(TensorComparison.Of("t", Tensor.FromArray([1e-30f], 1), Tensor.FromArray([0f], 1)).Passed);
    }

    private sealed class TanHWithIdentityBackward : Activation
    {
        protected override void Apply(Tensor input, Tensor output) => System.Numerics.Tensors.TensorPrimitives.Tanh(input.Span, output.Span);
        protected override void Derive(Tensor input, Tensor output, Tensor delta, Tensor gradInput) => delta.Span.CopyTo(gradInput.Span);
    }
}
