namespace DiyNet.Kernels;

/// <summary>One chunk of im2col rows: the window and whether it reads the zero-bordered copy of Image (else the
/// images themselves), which rows of that source, and where its rows start in the output.</summary>
internal readonly record struct ConvolutionPiece(Window2D Window, bool Padded, int Image, int FirstRow, int Count, int OutputRow);
