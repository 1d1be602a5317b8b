namespace DiyNet.Data;

/// <summary>
/// Images read by <see cref="ImageFolderLoader"/>: the data set (X flat, shape (N, H·W·C), channels-last, values in
/// [0, 1]; one class per sub-folder), the image geometry and the file of each example.
/// </summary>
/// <param name="Data">The examples; the class names are the sub-folder names.</param>
/// <param name="Height">Height every image was resized to.</param>
/// <param name="Width">Width every image was resized to.</param>
/// <param name="Channels">1 (grayscale) or 3 (RGB).</param>
/// <param name="Files">The file of each example, relative to the root folder.</param>
public sealed record ImageFolder(Dataset Data, int Height, int Width, int Channels, string[] Files)
{
    /// <summary>The shape of one example as the convolutions take it: (H, W, C).</summary>
    public int[] ImageShape => [Height, Width, Channels];
}
