namespace DiyNet.Cli.Serving;

/// <summary>The rows of a <c>POST /predict</c> body: <paramref name="Rows"/> × width values, row-major.</summary>
internal sealed record PredictInput(float[] Values, int Rows);
