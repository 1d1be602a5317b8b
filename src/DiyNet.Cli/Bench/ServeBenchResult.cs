namespace DiyNet.Cli.Bench;

/// <summary>One network of <c>diynet bench --serve</c>: the load run, the load average before and after it, and the predictor replicas used.</summary>
internal sealed record ServeBenchResult(string Id, string Name, int Rows, ServeLoadResult Load, string LoadBefore, string LoadAfter, int Replicas);
