using System.Buffers.Binary;
using System.Text;
using DiyNet.Data;
using DiyNet.Serialization;
using Xunit;

namespace DiyNet.Tests.Reliability;

/// <summary>
/// Inputs on which tools/fuzz.sh (SharpFuzz + afl++) made a reader fail with something other than its own exception,
/// kept as regression tests: each now fails with a <see cref="DataFormatException"/> naming the problem, at the cost of
/// what the file holds; a model file, with a <see cref="ModelFileException"/>.
/// </summary>
public class FuzzFoundInputsTests
{
    private static void RefusedCheaply(string text, string expected)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => UspsLoader.Read(new StringReader(text), "fuzz.txt"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(expected, e.Message);
        Assert.True(allocated < 4 << 20, $"{allocated} bytes allocated to refuse a {text.Length}-character file");
    }

    [Fact]
    public void AUspsHeaderAnnouncingHalfABillionFeaturesDoesNotAllocateThem()
    {
        // afl-fuzz, 1 minute: the header's feature count sized the field buffer (555,555,560 ranges: out of memory).
        string text = Encoding.Latin1.GetString([.. "2 555555559\n-2 9\n0 0 0 0 0 0 "u8, 0xfa, 4, 4, 8, 4, 0xb2, .. " 2 2 2  0.5 2 1.25)0 0 2 0 : 0 \n"u8]);
        RefusedCheaply(text, "line 2: expected 555555560 values (label + 555555559 pixels), found 2");
    }

    [Fact]
    public void AUspsHeaderWhoseFeatureCountOverflowsTheBufferSizeIsRefusedAsData()
    {
        // afl-fuzz, 1 minute: 222,222,221 × 1024 overflowed an int (List capacity −1 → ArgumentOutOfRangeException).
        RefusedCheaply("2\t222222221\n", "missing the \"-1\" end marker");
    }

    [Theory]
    [InlineData("{\"__metadata__\":{\"format\":\"diynet\",\"architecture\":\"{\\u0022type\\uDD22\"}}")]
    [InlineData("{\"w\\uDD22\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}")]
    public void AModelHeaderWithALoneSurrogateEscapeIsAModelFileException(string header)
    {
        // afl-fuzz, model target, 102 s: "\uDD22" is valid JSON but no UTF-16 text (InvalidOperationException from GetString).
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + 4];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, json.Length);
        json.CopyTo(bytes, 8);
        var e = Assert.Throws<ModelFileException>(() => SafeTensors.Read(new MemoryStream(bytes), "fuzz.safetensors"));
        Assert.Contains("the header is not valid JSON text", e.Message);
    }
}
