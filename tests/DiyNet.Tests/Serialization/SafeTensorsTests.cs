using System.Buffers.Binary;
using System.Text;
using DiyNet.Serialization;
using DiyNet.Tensors;
using DiyNet.Tests.Data;
using Xunit;

namespace DiyNet.Tests.Serialization;

public class SafeTensorsTests
{
    /// <summary>A file: 8-byte little-endian header length, the header, the data.</summary>
    internal static byte[] FileBytes(string header, byte[] data, ulong? headerLength = null)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    [Fact]
    public void WritesTheFormatByteForByte()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Root, "a.safetensors");
        SafeTensors.Write(path, [new("w", Tensor.FromArray([1f, 2f], 2)), new("b", Tensor.FromArray([3f], 1, 1))],
            new Dictionary<string, string> { ["k"] = "v" });
        byte[] bytes = File.ReadAllBytes(path);
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        Assert.Equal("""{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}""",
            Encoding.UTF8.GetString(bytes, 8, n).TrimEnd(' '));
        Assert.Equal(Floats(1f, 2f, 3f), bytes[(8 + n)..]);
        Assert.Empty(Directory.GetFiles(folder.Root, "*.tmp"));

        var file = SafeTensors.Read(path);
        Assert.Equal(["w", "b"], file.Tensors.Select(t => t.Key));
        Assert.Equal([3f], file.Tensors[1].Value.Span.ToArray());
        Assert.Equal("(1, 1)", file.Tensors[1].Value.ShapeString);
        Assert.Equal("v", file.Metadata["k"]);
    }

    [Fact]
    public void ReadsF64F16AndBF16AsFloat32()
    {
        var data = new byte[8 + 2 + 2 + 4];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 0.1);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(8), (Half)1.5f);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(10), 0x4049); // bf16 of 3.140625
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(12), -2f);
        string header = """{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"h":{"dtype":"F16","shape":[1],"data_offsets":[8,10]},""" +
                        """ "b":{"dtype":"BF16","shape":[],"data_offsets":[10,12]},"f":{"dtype":"F32","shape":[1,1],"data_offsets":[12,16]}}""";
        using var folder = new TempFolder();
        var file = SafeTensors.Read(folder.File("mixed.safetensors", FileBytes(header, data)));
        var t = file.ToDictionary();
        Assert.Equal(0.1f, t["d"].Span[0]);
        Assert.Equal(1.5f, t["h"].Span[0]);
        Assert.Equal(3.140625f, t["b"].Span[0]);
        Assert.Equal(0, t["b"].Rank);
        Assert.Equal(-2f, t["f"].Span[0]);
        Assert.Equal("BF16", file.DTypes["b"]);
    }

    public static TheoryData<string, byte[], ModelFileProblem, string> Malformed => new()
    {
        { "empty file", [], ModelFileProblem.Truncated, "truncated file: 0 bytes" },
        { "cut inside the length", [1, 0, 0], ModelFileProblem.Truncated, "truncated file: 3 bytes" },
        { "huge header length", FileBytes("{}", [], ulong.MaxValue), ModelFileProblem.HeaderTooLarge, "header length 18446744073709551615 bytes exceeds the limit" },
        { "header longer than the file", FileBytes("{}", [], 4000), ModelFileProblem.Truncated, "announces 4000 bytes but only 2 follow" },
        { "header not JSON", FileBytes("hello world", []), ModelFileProblem.HeaderNotJson, "the header is not JSON" },
        { "header a JSON array", FileBytes("[1]", []), ModelFileProblem.HeaderNotJson, "expected an object" },
        { "header not UTF-8", [7, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}'], ModelFileProblem.HeaderNotJson, "not UTF-8" },
        { "NaN literal in a shape", FileBytes("""{"a":{"dtype":"F32","shape":[NaN],"data_offsets":[0,4]}}""", Floats(1)), ModelFileProblem.HeaderNotJson, "not JSON" },
        { "NaN string in a shape", FileBytes("""{"a":{"dtype":"F32","shape":["NaN"],"data_offsets":[0,4]}}""", Floats(1)), ModelFileProblem.BadShape, "tensor 'a' has shape [\"NaN\"]: \"NaN\" is not a non-negative whole number" },
        { "fraction in a shape", FileBytes("""{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}""", Floats(1)), ModelFileProblem.BadShape, "1.5 is not a non-negative whole number" },
        { "negative dimension", FileBytes("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", Floats(1)), ModelFileProblem.BadShape, "-1 is not" },
        { "too many elements", FileBytes("""{"a":{"dtype":"F32","shape":[100000,100000],"data_offsets":[0,4]}}""", Floats(1)), ModelFileProblem.BadShape, "more than" },
        { "unknown dtype", FileBytes("""{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", new byte[8]), ModelFileProblem.UnknownDtype, "tensor 'a' has dtype 'I64'" },
        { "missing dtype", FileBytes("""{"a":{"shape":[1],"data_offsets":[0,4]}}""", Floats(1)), ModelFileProblem.BadEntry, "no dtype" },
        { "extra field", FileBytes("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"code":"rm -rf"}}""", Floats(1)), ModelFileProblem.BadEntry, "unexpected or repeated field 'code'" },
        { "duplicate tensor", FileBytes("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", Floats(1, 2)), ModelFileProblem.BadEntry, "names 'a' twice" },
        { "metadata not strings", FileBytes("""{"__metadata__":{"v":1}}""", []), ModelFileProblem.BadEntry, "expected a string" },
        { "wrong size", FileBytes("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", Floats(1)), ModelFileProblem.WrongSize, "needs 8 bytes but data_offsets [0,4] span 4" },
        { "offsets backwards", FileBytes("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""", Floats(1)), ModelFileProblem.OffsetsOutOfRange, "run backwards" },
        { "negative offset", FileBytes("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}""", Floats(1)), ModelFileProblem.OffsetsOutOfRange, "-4 is not" },
        { "offsets past the data", FileBytes("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", Floats(1)), ModelFileProblem.OffsetsOutOfRange, "starts at byte 4" },
        { "overlapping offsets", FileBytes("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", Floats(1, 2, 3)), ModelFileProblem.OffsetsOverlap, "tensors 'a' [0, 8) and 'b' [4, 12) overlap" },
        { "truncated data", FileBytes("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}""", Floats(1, 2)), ModelFileProblem.Truncated, "ends at byte 12 of the data but the data section has 8 bytes" },
        { "trailing bytes", FileBytes("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", Floats(1, 2)), ModelFileProblem.OffsetsOutOfRange, "4 bytes unaccounted for" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void AMalformedFileGetsATypedErrorNamingTheFileAndTheProblem(string @case, byte[] bytes, ModelFileProblem problem, string message)
    {
        using var folder = new TempFolder();
        string path = folder.File("bad.safetensors", bytes);
        var e = Assert.Throws<ModelFileException>(() => SafeTensors.Read(path));
        Assert.True(problem == e.Problem, $"{@case}: {e.Problem}, expected {problem} ({e.Message})");
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(message, e.Message);
    }
}
