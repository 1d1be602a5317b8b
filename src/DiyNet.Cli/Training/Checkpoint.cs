using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Cli.Training;

/// <summary>What <see cref="Checkpoints.Read"/> gives back: everything a run needs to go on exactly where it stopped.</summary>
/// <param name="Net">The network with its weights.</param>
/// <param name="Card">The data description.</param>
/// <param name="State">The run's progress.</param>
/// <param name="OptimizerState">The update rule's buffers, by name.</param>
/// <param name="OptimizerSteps">The update rule's step count.</param>
/// <param name="Rule">The update rule's type name.</param>
/// <param name="ScheduleState">The learning-rate schedule's state (<see cref="Schedules.Write"/>), or null when the
/// run has none.</param>
internal sealed record Checkpoint(Module Net, ModelCard Card, TrainState State, IReadOnlyList<(string Name, Tensor Value)> OptimizerState,
    long OptimizerSteps, string Rule, IReadOnlyList<(string Name, double Value)>? ScheduleState);
