namespace DiyNet.Cli.Serving;

/// <summary>The body answered to <c>GET /health</c>: <c>ok</c>, the model file served, the requests answered and the uptime.</summary>
internal sealed record HealthResponse(string Status, string Model, long Requests, double UptimeSeconds);
