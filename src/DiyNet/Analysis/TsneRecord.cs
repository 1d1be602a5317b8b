namespace DiyNet.Analysis;

/// <summary>The state of a t-SNE run at one iteration.</summary>
/// <param name="Iteration">1-based iteration number.</param>
/// <param name="KlDivergence">KL(P ‖ Q) of the embedding with the true (never exaggerated) affinities P, in nats.</param>
/// <param name="GradientNorm">Euclidean norm of the gradient (exaggerated during the first phase).</param>
public sealed record TsneRecord(int Iteration, double KlDivergence, double GradientNorm);
