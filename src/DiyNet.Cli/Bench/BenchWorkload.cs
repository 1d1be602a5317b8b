using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Cli.Bench;

/// <summary>
/// One standard workload of <c>diynet bench</c>, with the same shapes as the anchor scripts (PyTorch and NumPy)
/// it is compared with.
/// </summary>
/// <param name="Id">Short id shared with the anchor scripts (<c>a</c>, <c>h1</c>, …).</param>
/// <param name="Name">What it is, for humans.</param>
/// <param name="Kind">Training (and which loss) or inference.</param>
/// <param name="ExampleShape">Shape of one example, channels-last for images.</param>
/// <param name="Examples">Examples per epoch (or per inference pass).</param>
/// <param name="BatchSize">Mini-batch size; the last batch of an epoch may be smaller.</param>
/// <param name="Epochs">Epochs per timed run.</param>
/// <param name="Build">Builds the network (weights drawn from <see cref="Rng"/>, seeded by the runner).</param>
internal sealed record BenchWorkload(
    string Id, string Name, BenchKind Kind, int[] ExampleShape, int Examples, int BatchSize, int Epochs, Func<Module> Build)
{
    /// <summary>Optimizer steps (or forward calls) per timed run.</summary>
    public int StepsPerRun => (Examples + BatchSize - 1) / BatchSize * Epochs;
}
