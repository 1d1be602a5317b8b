namespace DiyNet.Data;

/// <summary>
/// Data sets shipped inside the library, so that examples run on real data without a download.
/// </summary>
public static class EmbeddedData
{
    private const string DigitsResource = "DiyNet.Data.Resources.digits.csv.gz";

    /// <summary>
    /// The 8×8 handwritten digits: 1797 examples, 64 features (pixel values 0..16, row-major 8×8), 10 classes.
    /// This is the test set of E. Alpaydin and C. Kaynak's UCI "Optical Recognition of Handwritten Digits"
    /// (CC BY 4.0), as shipped by scikit-learn (<c>load_digits</c>). Each call returns a fresh copy.
    /// </summary>
    public static Dataset Digits()
    {
        using var resource = typeof(EmbeddedData).Assembly.GetManifestResourceStream(DigitsResource)
            ?? throw new InvalidOperationException($"EmbeddedData: resource {DigitsResource} is missing from the assembly.");
        using var reader = new StreamReader(DataFile.Decompressed(resource));
        return CsvLoader.Read(reader, "digits.csv.gz", new CsvOptions { ClassCount = 10, ImageSize = (8, 8) }, "digits");
    }
}
