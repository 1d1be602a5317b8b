namespace DiyNet.Data;

/// <summary>
/// Loads USPS, MNIST and Fashion-MNIST from a folder holding their usual files (a folder returned by
/// <see cref="Downloader.FetchAsync"/>, or any copy): <c>USPS_{train,test}.txt</c>;
/// <c>{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]</c>.
/// </summary>
public static class StandardDatasets
{
    /// <summary>The ten Fashion-MNIST classes, in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>USPS (course text format): 7291 train or 2007 test examples, 256 features in [0, 2], 16×16.</summary>
    /// <exception cref="FileNotFoundException">The file is not in the folder.</exception>
    public static Dataset Usps(string directory, bool train) =>
        UspsLoader.Load(Find(directory, train ? "USPS_train.txt" : "USPS_test.txt"), train ? "usps-train" : "usps-test");

    /// <summary>MNIST: 60000 train or 10000 test examples, 784 features (bytes 0..255, or [0, 1] when scaled), 28×28.</summary>
    /// <exception cref="FileNotFoundException">A file is not in the folder.</exception>
    public static Dataset Mnist(string directory, bool train, bool scaleToUnit = false) =>
        Idx(directory, train, "mnist", scaleToUnit, null);

    /// <summary>Fashion-MNIST: as <see cref="Mnist"/>, with the class names of <see cref="FashionMnistClassNames"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is not in the folder.</exception>
    public static Dataset FashionMnist(string directory, bool train, bool scaleToUnit = false) =>
        Idx(directory, train, "fashion-mnist", scaleToUnit, FashionMnistClassNames);

    private static Dataset Idx(string directory, bool train, string name, bool scaleToUnit, IReadOnlyList<string>? classNames)
    {
        string prefix = train ? "train" : "t10k";
        return IdxLoader.Load(Find(directory, $"{prefix}-images-idx3-ubyte"), Find(directory, $"{prefix}-labels-idx1-ubyte"),
            $"{name}-{(train ? "train" : "test")}", scaleToUnit, 10, classNames);
    }

    private static string Find(string directory, string fileName)
    {
        foreach (string candidate in new[] { fileName, fileName + ".gz" })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"{fileName}: not found in {directory}.", Path.Combine(directory, fileName));
    }
}
