namespace DiyNet.Kernels;

/// <summary>The rows of a tall left operand: where row i starts, and where its element p lies from there.</summary>
internal unsafe interface ITallRows
{
    /// <summary>Start of row <paramref name="i"/>.</summary>
    float* Row(int i);

    /// <summary>Position of element <paramref name="p"/> from the start of a row.</summary>
    int Offset(int p);
}
