using DiyNet.Modules;

namespace DiyNet.Cli.Experiments;

/// <summary>
/// The one-line description of a network that the report prints, made from the network itself (its modules'
/// <c>ToString</c>), so that the text can never disagree with what was trained.
/// </summary>
internal static class NetworkText
{
    /// <summary>
    /// A <see cref="Sequential"/> as its modules joined by " → " (nested sequences flattened), any other module as
    /// its <c>ToString</c> on one line, e.g. <c>Linear(64 → 100) → ReLU → Linear(100 → 10)</c>.
    /// </summary>
    public static string Of(Module net) => net is Sequential sequence
        ? string.Join(" → ", sequence.Children.Select(Of))
        : string.Join(' ', (net.ToString() ?? net.GetType().Name).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
