using DiyNet.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiyNet.Data;

/// <summary>
/// Reads a folder of images with one sub-folder per class (<c>root/cat/1.png</c>, <c>root/dog/2.jpg</c>): PNG, JPEG
/// and BMP files, decoded by SixLabors.ImageSharp, resized to a given size (bicubic), grayscale or RGB, channels-last,
/// pixel values divided by 255. Classes are the sub-folders in ordinal order; files are read in ordinal order, so the
/// same folder always gives the same data set. Other files are ignored.
/// </summary>
public static class ImageFolderLoader
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    // Only the three formats the loader promises: no other decoder sees the user's files.
    private static readonly Configuration Formats =
        new(new PngConfigurationModule(), new JpegConfigurationModule(), new BmpConfigurationModule());

    /// <summary>Whether <paramref name="path"/> has one of the image extensions the loader reads.</summary>
    public static bool IsImageFile(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Loads every image under <paramref name="root"/>'s class sub-folders.</summary>
    /// <param name="root">The folder holding one sub-folder per class.</param>
    /// <param name="height">Height to resize to.</param>
    /// <param name="width">Width to resize to.</param>
    /// <param name="channels">1 for grayscale, 3 for RGB.</param>
    /// <param name="classNames">The classes expected (a validation folder uses the training folder's); null: the sub-folders.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">No class sub-folder, an empty class, a sub-folder that is not a known class, or a file that does not decode.</exception>
    public static ImageFolder Load(string root, int height, int width, int channels = 1, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), $"ImageFolderLoader: image size must be positive, got {height}×{width}.");
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "ImageFolderLoader: channels must be 1 (grayscale) or 3 (RGB).");
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: no such folder.");
        string display = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        string[] folders = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (folders.Length == 0)
            throw new DataFormatException(display, $"{display}: no class sub-folder; expected one folder per class, e.g. {display}/cat/1.png.");
        string[] classes = classNames?.ToArray() ?? folders;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < classes.Length; k++) index[classes[k]] = k;
        var files = new List<(string Relative, int Label)>();
        foreach (string folder in folders)
        {
            if (!index.TryGetValue(folder, out int label))
                throw new DataFormatException(display, $"{display}/{folder}: not one of the {classes.Length} classes of the training data ({string.Join(", ", classes)}).");
            string[] images = Directory.GetFiles(Path.Combine(root, folder)).Where(IsImageFile)
                .Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            if (images.Length == 0)
                throw new DataFormatException(display, $"{display}/{folder}: no PNG, JPEG or BMP file in this class folder.");
            files.AddRange(images.Select(f => ($"{folder}/{f}", label)));
        }
        int size = height * width * channels;
        var x = new Tensor(files.Count, size);
        var labels = new int[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            labels[i] = files[i].Label;
            Decode(Path.Combine(root, files[i].Relative), $"{display}/{files[i].Relative}", height, width, channels, x.Span.Slice(i * size, size));
        }
        var data = new Dataset(x, labels, classes.Length, display, channels == 1 ? (height, width) : null, classes);
        return new ImageFolder(data, height, width, channels, files.Select(f => f.Relative).ToArray());
    }

    /// <summary>Decodes one file, resizes it and writes its pixels (channels-last, /255) into <paramref name="destination"/>.</summary>
    /// <exception cref="DataFormatException">The file is not a PNG, JPEG or BMP image, or is corrupt.</exception>
    public static void Decode(string path, string display, int height, int width, int channels, Span<float> destination)
    {
        try
        {
            if (channels == 1)
            {
                using var image = Image.Load<L8>(Formats, path);
                image.Mutate(c => c.Resize(width, height));
                var pixels = new L8[height * width];
                image.CopyPixelDataTo(pixels);
                for (int i = 0; i < pixels.Length; i++) destination[i] = pixels[i].PackedValue / 255f;
            }
            else
            {
                using var image = Image.Load<Rgb24>(Formats, path);
                image.Mutate(c => c.Resize(width, height));
                var pixels = new Rgb24[height * width];
                image.CopyPixelDataTo(pixels);
                for (int i = 0; i < pixels.Length; i++)
                {
                    destination[3 * i] = pixels[i].R / 255f;
                    destination[3 * i + 1] = pixels[i].G / 255f;
                    destination[3 * i + 2] = pixels[i].B / 255f;
                }
            }
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or ImageFormatException)
        {
            throw new DataFormatException(display, $"{display}: not a readable PNG, JPEG or BMP image ({e.Message})", inner: e);
        }
    }
}
