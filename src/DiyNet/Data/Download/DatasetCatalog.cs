namespace DiyNet.Data;

/// <summary>
/// The public data sets DiyNet knows how to download and verify. The SHA-256 values were checked against local
/// copies of the exact files (see each entry); a download whose hash differs is rejected.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>
    /// USPS digits in the course's text format (7291 train, 2007 test, 16×16, values in [0, 2]), from the seed
    /// authors' repository at a fixed commit. No explicit license (AT&amp;T / Y. LeCun data, distributed for research).
    /// </summary>
    public static RemoteDataset Usps { get; } = new("usps",
        new Uri("https://raw.githubusercontent.com/MaoucheMounir/Projet-ML-Neural_Network_from_scratch/a225144547b502187b7b4694a06e7c73e428a7c7/dataset/"),
        [
            new("USPS_train.txt", "a8e1df2a0da5984447d3de7c7067ec4b9bcd0a6bb956e2276718d96d904bd0bc", 5998384),
            new("USPS_test.txt", "f802e6ba3fbc8778cdea6a105311fb4a1a8251eb706b77882bb1966116bf87d2", 1654110),
        ],
        "USPS handwritten digits (course text format), Y. LeCun / AT&T, research use.");

    /// <summary>
    /// MNIST (60000 train, 10000 test, 28×28 bytes), the original gzip IDX files of Y. LeCun and C. Cortes from the
    /// mirror torchvision uses. Hashes match nixpkgs' and the md5 values published by torchvision.
    /// </summary>
    public static RemoteDataset Mnist { get; } = new("mnist",
        new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        [
            new("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422),
            new("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28881),
            new("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1648877),
            new("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542),
        ],
        "MNIST, Y. LeCun and C. Cortes (CC BY-SA 3.0).");

    /// <summary>
    /// Fashion-MNIST (60000 train, 10000 test, 28×28 bytes, 10 clothing classes) from Zalando Research's repository
    /// (MIT). The hashes are those of the published files (whose md5 values the repository's README lists); they were
    /// verified by rebuilding the files byte for byte from Debian's dataset-fashion-mnist package, whose gzip headers
    /// differ only by the stripped file name and time stamp.
    /// </summary>
    public static RemoteDataset FashionMnist { get; } = new("fashion-mnist",
        new Uri("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
        [
            new("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", 26421880),
            new("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", 29515),
            new("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", 4422102),
            new("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", 5148),
        ],
        "Fashion-MNIST, Zalando Research (MIT).");

    /// <summary>Every known data set.</summary>
    public static IReadOnlyList<RemoteDataset> All { get; } = [Usps, Mnist, FashionMnist];

    /// <summary>The data set called <paramref name="name"/> (<c>usps</c>, <c>mnist</c>, <c>fashion-mnist</c>; case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static RemoteDataset Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"DatasetCatalog: unknown data set \"{name}\"; known: {string.Join(", ", All.Select(d => d.Name))}.", nameof(name));
}
