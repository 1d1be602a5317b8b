namespace DiyNet.Kernels;

/// <summary>A stored densely, row i at <c>a + i·lda</c>.</summary>
internal readonly unsafe struct DenseRows(float* a, int lda) : ITallRows
{
    public float* Row(int i) => a + (long)i * lda;

    public int Offset(int p) => p;
}
