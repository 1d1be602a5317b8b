namespace DiyNet.Kernels;

/// <summary>Windows of an image read in place: row i at <c>rows[i]</c>, element p at <c>+ offsets[p]</c>.</summary>
internal readonly unsafe struct WindowRows(float** rows, int* offsets) : ITallRows
{
    public float* Row(int i) => rows[i];

    public int Offset(int p) => offsets[p];
}
