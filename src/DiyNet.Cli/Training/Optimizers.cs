using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Optimization;

namespace DiyNet.Cli.Training;

/// <summary>The update rules <c>diynet train --optimizer</c> knows, with their usual learning rates.</summary>
internal static class Optimizers
{
    /// <summary>The names accepted by <c>--optimizer</c>.</summary>
    public static readonly string[] Names = ["sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"];

    /// <summary>The learning rate used when none is given: 0.05 for the SGD family, 0.001 for the adaptive rules.</summary>
    public static double DefaultLearningRate(string optimizer) => optimizer is "sgd" or "momentum" or "nesterov" ? 0.05 : 0.001;

    /// <summary>The optimizer of a run: the rule named in the settings, at the settings' learning rate.</summary>
    /// <exception cref="ArgumentException">An unknown optimizer name.</exception>
    public static Optim Create(TrainSettings settings, Module net, Loss loss)
    {
        float m = (float)settings.Momentum;
        UpdateRuleFactory rule = settings.Optimizer switch
        {
            "sgd" => UpdateRules.Sgd(),
            "momentum" => UpdateRules.Momentum(m),
            "nesterov" => UpdateRules.Nesterov(m),
            "adam" => UpdateRules.Adam(),
            "adamw" => UpdateRules.AdamW(),
            "rmsprop" => UpdateRules.RMSprop(),
            _ => throw new ArgumentException($"unknown optimizer \"{settings.Optimizer}\"; known: {string.Join(", ", Names)}."),
        };
        return new Optim(net, loss, (float)(settings.LearningRate ?? DefaultLearningRate(settings.Optimizer)), rule);
    }
}
