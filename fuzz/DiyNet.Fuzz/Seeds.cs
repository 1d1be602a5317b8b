using System.Buffers.Binary;
using DiyNet.Modules;
using DiyNet.Serialization;

namespace DiyNet.Fuzz;

/// <summary>The seed corpora: for each target two or three small valid files, the fuzzer's starting points.</summary>
internal static class Seeds
{
    public static void Write(string folder)
    {
        void Seed(string target, string name, byte[] bytes)
        {
            string dir = Path.Combine(folder, target);
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, name), bytes);
        }

        Seed("usps", "small.txt", "10 4\n3 0.1 0.2 0.3 0.4\n7 1 0 1 0\n0 -1 2e-3 0 1\n-1\n"u8.ToArray());
        Seed("usps", "images.txt", "2 9\n0 0 0.5 2 1.25 0 0 0 1 0\n1 2 2 2 0 0 0 0.008 1.297 2\n-1\n"u8.ToArray());
        Seed("csv", "numbers.csv", "a,b,c,label\n0.5,1,2,0\n-1,3e2,0,1\n4,5,6,2\n"u8.ToArray());
        Seed("csv", "iris.csv", "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n\"6.3\",3.3,6.0,2.5,virginica\n"u8.ToArray());
        Seed("idx", "images-idx3-ubyte", IdxImages(3, 4, 5));
        Seed("idx", "labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 5, 3, 1, 4, 1, 5]);
        Seed("model", "mlp.safetensors", Model(new Sequential(new Linear(3, 4, random: new Random(1)), new ReLU(), new Linear(4, 2, random: new Random(2)))));
        Seed("model", "cnn.safetensors", Model(new Sequential(new Unflatten(4, 4, 1), new Conv2D(3, 1, 2, padding: 1, random: new Random(3)),
            new MaxPool2D(2), new Flatten(), new Linear(8, 2, random: new Random(4)))));
    }

    private static byte[] IdxImages(int count, int rows, int cols)
    {
        var bytes = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int i = 16; i < bytes.Length; i++) bytes[i] = (byte)(i * 37);
        return bytes;
    }

    private static byte[] Model(Module net)
    {
        string path = Path.Combine(Path.GetTempPath(), $"diynet-fuzz-seed-{Environment.ProcessId}.safetensors");
        ModelFile.Save(net, path);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }
}
