using DiyNet.Losses;
using DiyNet.Modules;

namespace DiyNet.Training;

/// <summary>What a <see cref="GridSearch"/> factory builds for one parameter combination: a fresh network, its loss and the training settings.</summary>
/// <param name="Net">A newly initialized network (never shared between calls).</param>
/// <param name="Loss">The loss to train it with.</param>
/// <param name="Options">Batch size, epochs, learning rate…; <see cref="TrainingOptions.Seed"/> and the validation data are set by the search.</param>
public sealed record GridSearchModel(Module Net, Loss Loss, TrainingOptions Options);
