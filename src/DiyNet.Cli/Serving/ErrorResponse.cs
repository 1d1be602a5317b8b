namespace DiyNet.Cli.Serving;

/// <summary>The body of every error answer: <c>{"error": "…"}</c>, the message naming the row, column or limit at fault.</summary>
internal sealed record ErrorResponse(string Error);
