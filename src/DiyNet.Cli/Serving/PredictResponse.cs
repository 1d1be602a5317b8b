namespace DiyNet.Cli.Serving;

/// <summary>The body answered to <c>POST /predict</c>: one prediction per row, in the order of the rows.</summary>
internal sealed record PredictResponse(RowPrediction[] Predictions);
