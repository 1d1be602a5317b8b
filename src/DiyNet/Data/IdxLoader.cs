using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Buffers.Binary;
using System.Numerics.Tensors;

namespace DiyNet.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (big-endian; gzip-compressed or raw, recognized by content):
/// images <c>0x00000803, count, rows, cols</c> then count·rows·cols unsigned bytes; labels <c>0x00000801, count</c>
/// then count unsigned bytes. Pixels are returned as floats 0..255 unless scaled.
/// </summary>
public static class IdxLoader
{
    /// <summary>Magic number of an IDX file of unsigned-byte images (rank 3).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned-byte labels (rank 1).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Loads an images file and its labels file as one data set.</summary>
    /// <param name="imagesPath">The <c>*-images-idx3-ubyte[.gz]</c> file.</param>
    /// <param name="labelsPath">The <c>*-labels-idx1-ubyte[.gz]</c> file.</param>
    /// <param name="name">The data set's name (default: the images file name).</param>
    /// <param name="scaleToUnit">Divide the pixels by 255 (bytes 0..255 → [0, 1]).</param>
    /// <param name="classCount">Number of classes; the largest label + 1 when null.</param>
    /// <param name="classNames">Optional class names.</param>
    /// <returns>X (N, rows·cols) flat, with the image size set (<see cref="Dataset.Images"/> gives (N, H, W, 1)).</returns>
    /// <exception cref="DataFormatException">A file is not valid IDX, or the two files disagree.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, string? name = null, bool scaleToUnit = false,
        int? classCount = null, IReadOnlyList<string>? classNames = null)
    {
        var images = ReadImages(imagesPath);
        int[] labels = ReadLabels(labelsPath);
        int n = images.Dim(0), rows = images.Dim(1), cols = images.Dim(2);
        if (labels.Length != n)
        {
            string file = DataFile.DisplayName(labelsPath);
            throw new DataFormatException(file,
                $"{file}: {labels.Length} labels, but {DataFile.DisplayName(imagesPath)} has {n} images.");
        }
        int k = classCount ?? (labels.Length == 0 ? 1 : labels.Max() + 1);
        if (scaleToUnit) TensorPrimitives.Divide(images.Span, 255f, images.Span);
        return new Dataset(images.Reshape(n, rows * cols), labels, k, name ?? DataFile.DefaultName(imagesPath),
            (rows, cols), classNames);
    }

    /// <summary>Reads an IDX images file.</summary>
    /// <returns>A tensor (N, rows, cols) of pixel values 0..255.</returns>
    /// <exception cref="DataFormatException">Wrong magic number, bad dimensions, truncated data or trailing bytes.</exception>
    public static Tensor ReadImages(string path)
    {
        string file = DataFile.DisplayName(path);
        using var stream = DataFile.Open(path);
        try
        {
            return ReadImages(stream, file);
        }
        catch (InvalidDataException e)
        {
            throw DataFile.Corrupt(file, e);
        }
    }

    /// <summary>Reads an IDX labels file.</summary>
    /// <returns>The labels 0..255.</returns>
    /// <exception cref="DataFormatException">Wrong magic number, truncated data or trailing bytes.</exception>
    public static int[] ReadLabels(string path)
    {
        string file = DataFile.DisplayName(path);
        using var stream = DataFile.Open(path);
        try
        {
            return ReadLabels(stream, file);
        }
        catch (InvalidDataException e)
        {
            throw DataFile.Corrupt(file, e);
        }
    }

    /// <summary>Reads IDX images from a decompressed stream; <paramref name="source"/> names it in errors.</summary>
    public static Tensor ReadImages(Stream stream, string source)
    {
        Span<byte> header = stackalloc byte[16];
        ReadHeader(stream, source, header, ImagesMagic, "IDX images");
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int cols = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (count < 0 || rows <= 0 || cols <= 0)
            throw new DataFormatException(source, $"{source}: header announces {count} images of {rows}×{cols}; expected a count ≥ 0 and positive sizes.", offset: 4);
        // count·rows first: when it already exceeds an array, the full product (which could overflow a long) is not formed.
        long perRowSet = (long)count * rows;
        long size = perRowSet > Array.MaxLength ? long.MaxValue : perRowSet * cols;
        if (size > Array.MaxLength)
            throw new DataFormatException(source, $"{source}: header announces {count} images of {rows}×{cols}, more bytes than one array can hold.", offset: 4);
        byte[] pixels = ReadBody(stream, source, (int)size, header.Length, $"{count} images of {rows}×{cols}");
        var images = new Tensor(count, rows, cols);
        TensorPrimitives.ConvertChecked<byte, float>(pixels, images.Span);
        return images;
    }

    /// <summary>Reads IDX labels from a decompressed stream; <paramref name="source"/> names it in errors.</summary>
    public static int[] ReadLabels(Stream stream, string source)
    {
        Span<byte> header = stackalloc byte[8];
        ReadHeader(stream, source, header, LabelsMagic, "IDX labels");
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (count < 0)
            throw new DataFormatException(source, $"{source}: header announces {count} labels; expected a count ≥ 0.", offset: 4);
        byte[] bytes = ReadBody(stream, source, count, header.Length, $"{count} labels");
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = bytes[i];
        return labels;
    }

    private static void ReadHeader(Stream stream, string source, Span<byte> header, int magic, string kind)
    {
        int got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got >= 4)
        {
            int actual = BinaryPrimitives.ReadInt32BigEndian(header);
            if (actual != magic)
                throw new DataFormatException(source, $"{source}: magic number 0x{actual:X8}, expected 0x{magic:X8} ({kind}).", offset: 0);
        }
        if (got < header.Length)
            throw new DataFormatException(source, $"{source}: truncated: {got} bytes, shorter than the {header.Length}-byte header of {kind}.", offset: got);
    }

    private static byte[] ReadBody(Stream stream, string source, int size, int headerLength, string announced)
    {
        // The buffer grows with the bytes actually read, so that a header announcing gigabytes over a small (or
        // corrupted) file costs what the file holds, not what the header claims.
        var body = new byte[Math.Min(size, 1 << 20)];
        int got = 0;
        while (got < size)
        {
            if (got == body.Length) Array.Resize(ref body, (int)Math.Min(size, 2L * body.Length));
            int read = stream.Read(body, got, body.Length - got);
            if (read == 0) break;
            got += read;
        }
        if (got < size)
            throw new DataFormatException(source, $"{source}: truncated: header announces {announced} ({size} bytes), found {got}.", offset: headerLength + got);
        long extra = 0;
        Span<byte> sink = stackalloc byte[4096];
        int r;
        while ((r = stream.Read(sink)) > 0) extra += r;
        if (extra > 0)
            throw new DataFormatException(source, $"{source}: {extra} bytes after the {size} bytes announced by the header ({announced}).", offset: headerLength + size);
        return body;
    }
}
