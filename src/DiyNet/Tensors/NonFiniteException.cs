namespace DiyNet.Tensors;

/// <summary>Data hold a NaN or an infinity where finite values are needed; the message names the tensor and the row.</summary>
public sealed class NonFiniteException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    public NonFiniteException(string message, string tensor, int row, int column) : base(message)
    {
        Tensor = tensor;
        Row = row;
        Column = column;
    }

    /// <summary>The name of the tensor (<c>x</c>, <c>ValidationY</c>).</summary>
    public string Tensor { get; }

    /// <summary>The first row holding a non-finite value.</summary>
    public int Row { get; }

    /// <summary>Its column (the index within the row, for data of rank &gt; 2).</summary>
    public int Column { get; }
}
