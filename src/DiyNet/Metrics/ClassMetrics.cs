namespace DiyNet.Metrics;

/// <summary>Precision, recall and F1 of one class.</summary>
/// <param name="Class">The class index.</param>
/// <param name="Name">The class name (its index as text when the classes have no names).</param>
/// <param name="Precision">TP / (TP + FP).</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">2·P·R / (P + R).</param>
/// <param name="Support">Number of examples of the class.</param>
public sealed record ClassMetrics(int Class, string Name, double Precision, double Recall, double F1, int Support);
