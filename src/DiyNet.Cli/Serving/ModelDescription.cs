using System.Text.Json;

namespace DiyNet.Cli.Serving;

/// <summary>
/// The body answered to <c>GET /model</c>: the file, its architecture (the <c>ModuleSpec</c> JSON stored in the file),
/// the same as the printed module tree, the parameter count, the width of an input row, the number of outputs, the
/// task and class names, and the request limits.
/// </summary>
internal sealed record ModelDescription(
    string File, JsonElement Architecture, string Summary, long Parameters, int InputWidth, int Outputs, string Task,
    string Output, string[]? Classes, int MaxRows, long MaxBodyBytes);
