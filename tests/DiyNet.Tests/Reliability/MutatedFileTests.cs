using System.Buffers.Binary;
using CsCheck;
using DiyNet.Data;
using DiyNet.Modules;
using DiyNet.Serialization;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Reliability;

/// <summary>
/// Property tests of the readers: valid files mutated (truncated, bytes flipped, spliced) either load or fail with the
/// reader's typed exception and a message — never another exception, a hang or a runaway allocation.
/// </summary>
public class MutatedFileTests
{
    private const long Iterations = 300;

    // A mutation: 0 truncates at a, 1 flips the bits of c at a, 2 splices the prefix up to a with the suffix from b.
    private static readonly Gen<(int Kind, int A, int B, byte C)> Mutation =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]);

    private static byte[] Mutate(byte[] valid, (int Kind, int A, int B, byte C) m)
    {
        int a = m.A % (valid.Length + 1), b = m.B % (valid.Length + 1);
        switch (m.Kind)
        {
            case 0: return valid[..a];
            case 1:
                var flipped = (byte[])valid.Clone();
                if (a < flipped.Length) flipped[a] ^= m.C;
                return flipped;
            default: return [.. valid[..a], .. valid[b..]];
        }
    }

    // Loads the mutated bytes from a file of their own; the load must end (10 s), and fail only with an allowed type.
    private static void Check(byte[] valid, string fileName, Action<string> load, params Type[] allowed)
    {
        using var temp = new TempFolder();
        long counter = 0;
        Mutation.Sample(m =>
        {
            string path = temp.File($"{Interlocked.Increment(ref counter)}-{fileName}", Mutate(valid, m));
            var run = Task.Run(() => load(path));
            try
            {
                Assert.True(run.Wait(TimeSpan.FromSeconds(10)), $"{fileName} {m}: the load did not end in 10 s");
            }
            catch (AggregateException e) when (e.InnerException is { } inner && allowed.Any(t => t.IsInstanceOfType(inner)))
            {
                Assert.False(string.IsNullOrWhiteSpace(inner.Message));
            }
        }, iter: Iterations, threads: 1);
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

    [Fact]
    public void MutatedUspsFilesLoadOrFailWithADataFormatException()
    {
        var valid = "10 4\n3 0.1 0.2 0.3 0.4\n7 1 0 1 0\n0 -1 2e-3 0 1\n-1\n"u8.ToArray();
        Check(valid, "usps.txt", p => UspsLoader.Load(p), typeof(DataFormatException));
        Check(TempFolder.GzipBytes(valid), "usps.txt.gz", p => UspsLoader.Load(p), typeof(DataFormatException));
    }

    [Fact]
    public void MutatedCsvFilesLoadOrFailWithADataFormatException()
    {
        var valid = "a,b,c,label\n0.5,1,2,0\n-1,3e2,0,1\n4,5,6,2\n"u8.ToArray();
        Check(valid, "data.csv", p => CsvLoader.Load(p, new CsvOptions { HasHeader = true }), typeof(DataFormatException));
    }

    [Fact]
    public void MutatedIdxFilesLoadOrFailWithADataFormatException()
    {
        Check(IdxImages(3, 4, 5), "images-idx3-ubyte", p => IdxLoader.ReadImages(p), typeof(DataFormatException));
        Check(TempFolder.GzipBytes(IdxImages(3, 4, 5)), "images-idx3-ubyte.gz", p => IdxLoader.ReadImages(p), typeof(DataFormatException));
    }

    [Fact]
    public void MutatedModelFilesLoadOrFailWithAModelFileException()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Root, "model.safetensors");
        ModelFile.Save(new Sequential(new Linear(3, 4, random: new Random(1)), new ReLU(), new Linear(4, 2, random: new Random(2))), path);
        Check(File.ReadAllBytes(path), "model.safetensors", p => ModelFile.Load(p), typeof(ModelFileException));
    }

    [Fact]
    public void AnIdxHeaderAnnouncingGigabytesOverASmallFileCostsWhatTheFileHolds()
    {
        // Found by reasoning over the fuzz target: 20000 images of 300×300 (1.8 GB) announced by a 40-byte file used
        // to allocate the whole body before finding the file short.
        var bytes = IdxImages(1, 4, 6);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 20_000);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 300);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 300);
        using var temp = new TempFolder();
        string path = temp.File("huge-idx3-ubyte", bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxLoader.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("truncated: header announces 20000 images of 300×300", e.Message);
        Assert.True(allocated < 8 << 20, $"{allocated} bytes allocated to read a {bytes.Length}-byte file");
    }
}
