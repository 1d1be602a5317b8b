using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet;

namespace DiyNet.Tests.Verification;

/// <summary>Runs a DiyNet module or loss on a fixture's inputs and compares every result with PyTorch's.</summary>
internal static class FixtureVerifier
{
    /// <summary>Builds the fixture's module or loss from the registry and verifies it.</summary>
    public static IReadOnlyList<TensorComparison> Verify(FixtureFile fixture) => fixture.Kind switch
    {
        "module" => ModuleWithModes(fixture),
        "loss" => Loss(fixture, FixtureRegistry.CreateLoss(fixture.Type, fixture.Args)),
        _ => throw new InvalidDataException($"{fixture.Title}: kind \"{fixture.Kind}\" is neither module nor loss."),
    };

    /// <summary>
    /// The training-mode checks of <see cref="Module(FixtureFile, DiyNet.Modules.Module)"/> (with torch's dropout mask
    /// replayed when the fixture has one); then, when recorded, the running statistics of a fresh module after a
    /// training-mode forward of each of <c>stat_batches</c>, and the evaluation-mode output and input gradient.
    /// </summary>
    private static IReadOnlyList<TensorComparison> ModuleWithModes(FixtureFile fixture)
    {
        var module = FixtureRegistry.CreateModule(fixture.Type, fixture.Args);
        if (fixture.Has("mask")) FixMask(fixture, module);
        var results = new List<TensorComparison>(Module(fixture, module));
        if (fixture.Has("stat_batches"))
        {
            module = FixtureRegistry.CreateModule(fixture.Type, fixture.Args);
            LoadParameters(fixture, module);
            Tensor batches = fixture.Tensor("stat_batches");
            int[] shape = batches.Shape[1..].ToArray();
            int size = batches.Length / batches.Dim(0);
            for (int b = 0; b < batches.Dim(0); b++)
                module.Forward(Tensor.FromArray(batches.Span.Slice(b * size, size).ToArray(), shape));
            foreach (var (name, value) in module.NamedBuffers())
                results.Add(TensorComparison.Of(name, value, fixture.Tensor(name)));
        }
        if (fixture.Has("eval_input"))
        {
            module.Eval();
            Tensor input = fixture.Tensor("eval_input");
            results.Add(TensorComparison.Of("eval output", module.Forward(input), fixture.Tensor("eval_output")));
            results.Add(TensorComparison.Of("eval grad_input", module.BackwardDelta(input, fixture.Tensor("eval_delta")), fixture.Tensor("eval_grad_input")));
        }
        return results;
    }

    private static void FixMask(FixtureFile fixture, Module module)
    {
        switch (module)
        {
            case Dropout d: d.FixMask(fixture.Tensor("mask")); break;
            case Dropout2D d: d.FixMask(fixture.Tensor("mask")); break;
            default: throw new InvalidDataException($"{fixture.Title}: a mask for {module}, which draws none.");
        }
    }

    /// <summary>
    /// Loads the parameters into <paramref name="module"/>, then compares Forward; BackwardUpdateGradient and
    /// BackwardDelta after ZeroGrad; and the one-call Backward after ZeroGrad.
    /// </summary>
    public static IReadOnlyList<TensorComparison> Module(FixtureFile fixture, Module module)
    {
        LoadParameters(fixture, module);
        Tensor input = fixture.Tensor("input"), delta = fixture.Tensor("delta"), gradInput = fixture.Tensor("grad_input");
        var parameters = module.Parameters;
        var results = new List<TensorComparison> { TensorComparison.Of("output", module.Forward(input), fixture.Tensor("output")) };

        module.ZeroGrad();
        module.BackwardUpdateGradient(input, delta);
        results.Add(TensorComparison.Of("grad_input", module.BackwardDelta(input, delta), gradInput));
        for (int i = 0; i < parameters.Count; i++)
            results.Add(TensorComparison.Of("grad " + fixture.Parameters[i].Name, parameters[i].Gradient, fixture.Parameters[i].Gradient));

        module.ZeroGrad();
        module.Forward(input);
        results.Add(TensorComparison.Of("grad_input (Backward)", module.Backward(input, delta), gradInput));
        for (int i = 0; i < parameters.Count; i++)
            results.Add(TensorComparison.Of($"grad {fixture.Parameters[i].Name} (Backward)", parameters[i].Gradient, fixture.Parameters[i].Gradient));
        return results;
    }

    /// <summary>Compares Forward (per-example losses), Mean and Backward (gradient of the mean).</summary>
    public static IReadOnlyList<TensorComparison> Loss(FixtureFile fixture, Loss loss)
    {
        Tensor y = fixture.Tensor("y"), yhat = fixture.Tensor("yhat");
        return
        [
            TensorComparison.Of("losses", loss.Forward(y, yhat), fixture.Tensor("losses")),
            TensorComparison.Of("mean", Tensor.FromArray([loss.Mean(y, yhat)]), fixture.Tensor("mean")),
            TensorComparison.Of("grad_yhat", loss.Backward(y, yhat), fixture.Tensor("grad_yhat")),
        ];
    }

    private static void LoadParameters(FixtureFile fixture, Module module)
    {
        var parameters = module.Parameters;
        if (parameters.Count != fixture.Parameters.Count)
            throw new InvalidDataException($"{fixture.Title}: {module} has {parameters.Count} parameters " +
                $"({string.Join(", ", parameters)}), the fixture {fixture.Parameters.Count} ({string.Join(", ", fixture.Parameters.Select(p => p.Name))}).");
        for (int i = 0; i < parameters.Count; i++)
        {
            var (mine, theirs) = (parameters[i], fixture.Parameters[i]);
            if (mine.Name != theirs.LocalName || !mine.Value.SameShape(theirs.Value))
                throw new InvalidDataException($"{fixture.Title}: parameter {i} is {mine} in DiyNet, " +
                    $"{theirs.Name}{theirs.Value.ShapeString} in the fixture.");
            mine.Value.CopyFrom(theirs.Value);
        }
    }
}
