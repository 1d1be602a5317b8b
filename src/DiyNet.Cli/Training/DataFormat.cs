namespace DiyNet.Cli.Training;

/// <summary>The formats <c>diynet train</c> reads.</summary>
internal enum DataFormat
{
    /// <summary>Chosen from the path: a folder is an image folder, an IDX magic number is IDX, a "classes features" first line is USPS, else CSV.</summary>
    Auto,

    /// <summary>CSV with a header; the target column by name.</summary>
    Csv,

    /// <summary>An IDX images file with its labels file (MNIST).</summary>
    Idx,

    /// <summary>The course's USPS text format.</summary>
    Usps,

    /// <summary>A folder of images with one sub-folder per class.</summary>
    Images,
}
