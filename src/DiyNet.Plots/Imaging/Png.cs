using System.Buffers.Binary;
using System.IO.Compression;

namespace DiyNet.Plots.Imaging;

/// <summary>
/// A minimal PNG encoder (8-bit gray or RGB, no interlacing) so that image grids and decision regions embed as
/// compact <c>data:</c> URIs instead of one SVG rectangle per pixel. Deflate comes from
/// <see cref="ZLibStream"/>; rows use the adaptive filter choice of the PNG specification (least sum of
/// absolute differences).
/// </summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes row-major pixels, top row first; <paramref name="channels"/> is 1 (gray) or 3 (RGB).</summary>
    /// <exception cref="ArgumentException">The sizes are not positive, the channel count is not 1 or 3, or the buffer has the wrong length.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"PNG: size {width}×{height} must be positive.");
        if (channels is not (1 or 3)) throw new ArgumentException($"PNG: {channels} channels; 1 (gray) or 3 (RGB) supported.");
        int stride = width * channels;
        if (pixels.Length != stride * height)
            throw new ArgumentException($"PNG: {pixels.Length} bytes for {width}×{height}×{channels} = {stride * height}.");

        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                               // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);   // colour type: gray or truecolour
        // [10..12]: compression 0, filter method 0, no interlace
        WriteChunk(output, "IHDR"u8, header);
        WriteChunk(output, "IDAT"u8, Compress(pixels, stride, height, channels));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>The PNG as a <c>data:image/png;base64,…</c> URI.</summary>
    public static string DataUri(ReadOnlySpan<byte> pixels, int width, int height, int channels) =>
        "data:image/png;base64," + Convert.ToBase64String(Encode(pixels, width, height, channels));

    private static byte[] Compress(ReadOnlySpan<byte> pixels, int stride, int height, int bpp)
    {
        var filtered = new byte[(stride + 1) * height];
        var candidate = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = pixels.Slice(y * stride, stride);
            ReadOnlySpan<byte> prior = y == 0 ? ReadOnlySpan<byte>.Empty : pixels.Slice((y - 1) * stride, stride);
            Span<byte> dst = filtered.AsSpan(y * (stride + 1) + 1, stride);
            long best = long.MaxValue;
            for (byte type = 0; type <= 4; type++)
            {
                Filter(type, row, prior, bpp, candidate);
                long cost = 0;
                foreach (byte b in candidate) cost += (sbyte)b < 0 ? -(sbyte)b : b;
                if (cost >= best) continue;
                best = cost;
                filtered[y * (stride + 1)] = type;
                candidate.CopyTo(dst);
            }
        }
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(filtered);
        return buffer.ToArray();
    }

    /// <summary>PNG filter <paramref name="type"/> (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) of one row.</summary>
    private static void Filter(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> dst)
    {
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = prior.IsEmpty ? 0 : prior[i], c = i >= bpp && !prior.IsEmpty ? prior[i - bpp] : 0;
            int predictor = type switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) >> 1, _ => Paeth(a, b, c) };
            dst[i] = (byte)(row[i] - predictor);
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream s, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        s.Write(word);
        s.Write(type);
        s.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, ~Crc32.Update(Crc32.Update(0xFFFFFFFFu, type), data));
        s.Write(word);
    }
}
