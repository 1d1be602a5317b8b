using System.Text;
using DiyNet.Data;
using DiyNet.Serialization;

namespace DiyNet.Fuzz;

/// <summary>
/// The fuzz targets: each reads the fuzzer's bytes with one of DiyNet's readers and lets through only the reader's own
/// exception (a <see cref="DataFormatException"/> or a <see cref="ModelFileException"/>, as the mutation tests
/// require); any other exception escapes and afl-fuzz records the input as a crash. A hang is caught by afl-fuzz's
/// time limit, a runaway allocation by the heap limit tools/fuzz.sh sets (an <see cref="OutOfMemoryException"/>).
/// </summary>
internal static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<Stream>> All = new Dictionary<string, Action<Stream>>(StringComparer.Ordinal)
    {
        ["usps"] = Usps,
        ["idx"] = Idx,
        ["csv"] = Csv,
        ["model"] = Model,
    };

    private static readonly string ModelPath = Path.Combine(
        Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"diynet-fuzz-{Environment.ProcessId}.safetensors");

    /// <summary>USPS text: a label then the pixels on each line.</summary>
    private static void Usps(Stream input)
    {
        try { UspsLoader.Read(new StreamReader(input, Encoding.UTF8), "fuzz-usps.txt"); }
        catch (DataFormatException) { }
    }

    /// <summary>IDX: the bytes read as an image file and as a label file.</summary>
    private static void Idx(Stream input)
    {
        var bytes = ReadAll(input);
        try { IdxLoader.ReadImages(new MemoryStream(bytes, writable: false), "fuzz-images-idx3-ubyte"); }
        catch (DataFormatException) { }
        try { IdxLoader.ReadLabels(new MemoryStream(bytes, writable: false), "fuzz-labels-idx1-ubyte"); }
        catch (DataFormatException) { }
    }

    /// <summary>CSV with a header line (names, numbers, a label column).</summary>
    private static void Csv(Stream input)
    {
        try { CsvLoader.Read(new StreamReader(input, Encoding.UTF8), "fuzz.csv", new CsvOptions { HasHeader = true }); }
        catch (DataFormatException) { }
    }

    /// <summary>A model file (safetensors with the architecture): the whole load, from a file as users load it.</summary>
    private static void Model(Stream input)
    {
        File.WriteAllBytes(ModelPath, ReadAll(input));
        try { ModelFile.Load(ModelPath); }
        catch (ModelFileException) { }
    }

    private static byte[] ReadAll(Stream input)
    {
        using var memory = new MemoryStream();
        input.CopyTo(memory);
        return memory.ToArray();
    }
}
