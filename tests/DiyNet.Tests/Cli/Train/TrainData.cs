using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiyNet.Tests.Cli.Train;

/// <summary>Small data sets written by the tests: CSV blobs and a regression, a PNG folder, an IDX pair.</summary>
internal static class TrainData
{
    /// <summary>Three Gaussian blobs in 2-D plus a noise feature, named classes, 50 rows each (header: x,noise,y,kind).</summary>
    public static string Blobs(string folder, string name = "blobs.csv", int perClass = 50, int seed = 1)
    {
        var r = new Random(seed);
        string[] kinds = ["alpha", "beta", "gamma"];
        (double X, double Y)[] centers = [(0, 0), (4, 0), (2, 3.5)];
        var sb = new StringBuilder("x,noise,y,kind\n");
        for (int i = 0; i < perClass * 3; i++)
        {
            int k = i % 3;
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"{centers[k].X + Gauss(r) * 0.6:F4},{Gauss(r) * 100:F2},{centers[k].Y + Gauss(r) * 0.6:F4},{kinds[k]}\n"));
        }
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>price = 3·a − 2·b + 0.5 + noise, 200 rows (header: a,b,price).</summary>
    public static string Regression(string folder, int rows = 200, int seed = 2)
    {
        var r = new Random(seed);
        var sb = new StringBuilder("a,b,price\n");
        for (int i = 0; i < rows; i++)
        {
            double a = r.NextDouble() * 4 - 2, b = r.NextDouble() * 4 - 2;
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{a:F4},{b:F4},{3 * a - 2 * b + 0.5 + Gauss(r) * 0.05:F4}\n"));
        }
        string path = Path.Combine(folder, "houses.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>A folder of 8×8 PNGs: "across" has a bright horizontal bar, "down" a vertical one, at random places.</summary>
    public static string Bars(string folder, int perClass = 24, int seed = 3)
    {
        var r = new Random(seed);
        string root = Path.Combine(folder, "bars");
        foreach (string kind in new[] { "across", "down" })
        {
            Directory.CreateDirectory(Path.Combine(root, kind));
            for (int i = 0; i < perClass; i++)
            {
                using var image = new Image<L8>(8, 8);
                int at = r.Next(1, 7);
                for (int j = 0; j < 8; j++)
                {
                    for (int k = 0; k < 8; k++) image[j, k] = new L8((byte)r.Next(0, 40));
                    if (kind == "across") image[j, at] = new L8(230); else image[at, j] = new L8(230);
                }
                image.SaveAsPng(Path.Combine(root, kind, $"{i:D2}.png"));
            }
        }
        return root;
    }

    /// <summary>An IDX pair of 6×6 images: class 0 bright on the left half, class 1 on the right half.</summary>
    public static (string Images, string Labels) Idx(string folder, int count = 60, int seed = 4)
    {
        var r = new Random(seed);
        var images = new byte[16 + count * 36];
        var labels = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 6);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 6);
        BinaryPrimitives.WriteInt32BigEndian(labels, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            labels[8 + i] = (byte)label;
            for (int p = 0; p < 36; p++)
            {
                bool bright = (p % 6 < 3) == (label == 0);
                images[16 + i * 36 + p] = (byte)(bright ? r.Next(150, 256) : r.Next(0, 60));
            }
        }
        string imagesPath = Path.Combine(folder, "train-images-idx3-ubyte"), labelsPath = Path.Combine(folder, "train-labels-idx1-ubyte");
        File.WriteAllBytes(imagesPath, images);
        File.WriteAllBytes(labelsPath, labels);
        return (imagesPath, labelsPath);
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
