using System.Buffers.Binary;
using System.IO.Compression;
using DiyNet.Plots.Imaging;
using Xunit;

namespace DiyNet.Tests.Plots;

/// <summary>An independent PNG decoder (8-bit gray/RGB) to check what the encoder writes: chunks, CRCs, filters.</summary>
internal static class PngReader
{
    public static (int Width, int Height, int Channels, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pos = 8, width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(pos + 4, length + 4)), crc);
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                channels = data[9] switch { 0 => 1, 2 => 3, _ => throw new InvalidDataException($"colour type {data[9]}") };
            }
            if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        byte[] filtered = raw.ToArray();
        int stride = width * channels;
        Assert.Equal((stride + 1) * height, filtered.Length);
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte type = filtered[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? pixels[y * stride + i - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                int c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                int predictor = type switch
                {
                    0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2,
                    4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c,
                    _ => throw new InvalidDataException($"filter {type}"),
                };
                pixels[y * stride + i] = (byte)(filtered[y * (stride + 1) + 1 + i] + predictor);
            }
        }
        return (width, height, channels, pixels);
    }

    /// <summary>Decodes a <c>data:image/png;base64,…</c> URI.</summary>
    public static (int Width, int Height, int Channels, byte[] Pixels) DecodeDataUri(string uri)
    {
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, uri);
        return Decode(Convert.FromBase64String(uri[prefix.Length..]));
    }
}
