namespace DiyNet.Cli.Training;

/// <summary>Where and how to read a data set, as given on the command line.</summary>
/// <param name="Path">A CSV, IDX or USPS file, or a folder of class sub-folders of images.</param>
/// <param name="Format">The format, or <see cref="DataFormat.Auto"/> to detect it.</param>
/// <param name="Labels">The IDX labels file (default: the images file's name with <c>labels-idx1</c>).</param>
/// <param name="Target">The CSV target column (default: the last).</param>
/// <param name="Features">The CSV feature columns (default: all others).</param>
/// <param name="Height">Image height to resize to (image folders).</param>
/// <param name="Width">Image width to resize to (image folders).</param>
/// <param name="Channels">1 (grayscale) or 3 (RGB), image folders.</param>
/// <param name="Task">Classification or regression; null to decide from the CSV target.</param>
internal sealed record DataRequest(string Path, DataFormat Format = DataFormat.Auto, string? Labels = null, string? Target = null,
    string[]? Features = null, int Height = 28, int Width = 28, int Channels = 1, TaskKind? Task = null);
