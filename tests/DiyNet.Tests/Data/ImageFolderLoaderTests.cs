using DiyNet.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace DiyNet.Tests.Data;

public class ImageFolderLoaderTests
{
    /// <summary>Writes a solid-colour image of the given size in the format its extension names.</summary>
    internal static void WriteImage(string path, int width, int height, Rgb24 color)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(width, height, color);
        image.Save(path);
    }

    [Fact]
    public void ReadsClassFoldersResizedGrayAndRgb()
    {
        using var dir = new TempFolder();
        WriteImage(Path.Combine(dir.Root, "dark", "a.png"), 8, 6, new Rgb24(0, 0, 0));
        WriteImage(Path.Combine(dir.Root, "dark", "b.bmp"), 5, 5, new Rgb24(0, 0, 0));
        WriteImage(Path.Combine(dir.Root, "light", "c.png"), 3, 9, new Rgb24(255, 255, 255));
        WriteImage(Path.Combine(dir.Root, "red", "d.jpg"), 16, 16, new Rgb24(255, 0, 0));
        File.WriteAllText(Path.Combine(dir.Root, "light", "notes.txt"), "ignored");

        var gray = ImageFolderLoader.Load(dir.Root, 4, 4);
        Assert.Equal(["dark", "light", "red"], gray.Data.ClassNames);
        Assert.Equal(["dark/a.png", "dark/b.bmp", "light/c.png", "red/d.jpg"], gray.Files);
        Assert.Equal([0, 0, 1, 2], gray.Data.Labels);
        Assert.Equal([4, 16], gray.Data.X.Shape.ToArray());
        Assert.Equal((4, 4), gray.Data.ImageSize);
        Assert.All(gray.Data.X.Span[..32].ToArray(), v => Assert.Equal(0f, v));
        Assert.All(gray.Data.X.Span[32..48].ToArray(), v => Assert.Equal(1f, v));

        var rgb = ImageFolderLoader.Load(dir.Root, 2, 3, channels: 3);
        Assert.Equal([4, 18], rgb.Data.X.Shape.ToArray());
        Assert.Equal([2, 3, 3], rgb.ImageShape);
        float[] red = rgb.Data.X.Span[54..].ToArray();
        for (int p = 0; p < 6; p++)
        {
            Assert.InRange(red[3 * p], 0.95f, 1f);       // JPEG is lossy: near pure red
            Assert.InRange(red[3 * p + 1], 0f, 0.05f);
        }
    }

    [Fact]
    public void ProblemsAreNamed()
    {
        using var dir = new TempFolder();
        string root = Path.Combine(dir.Root, "pets");
        Directory.CreateDirectory(root);
        Assert.Equal("pets: no class sub-folder; expected one folder per class, e.g. pets/cat/1.png.",
            Assert.Throws<DataFormatException>(() => ImageFolderLoader.Load(root, 4, 4)).Message);
        Directory.CreateDirectory(Path.Combine(root, "cat"));
        Assert.Equal("pets/cat: no PNG, JPEG or BMP file in this class folder.",
            Assert.Throws<DataFormatException>(() => ImageFolderLoader.Load(root, 4, 4)).Message);
        File.WriteAllText(Path.Combine(root, "cat", "1.png"), "not an image");
        Assert.StartsWith("pets/cat/1.png: not a readable PNG, JPEG or BMP image (",
            Assert.Throws<DataFormatException>(() => ImageFolderLoader.Load(root, 4, 4)).Message);
        WriteImage(Path.Combine(root, "cat", "1.png"), 4, 4, new Rgb24(9, 9, 9));
        WriteImage(Path.Combine(root, "cow", "1.png"), 4, 4, new Rgb24(9, 9, 9));
        Assert.Equal("pets/cow: not one of the 2 classes of the training data (cat, dog).",
            Assert.Throws<DataFormatException>(() => ImageFolderLoader.Load(root, 4, 4, classNames: ["cat", "dog"])).Message);
        Assert.Throws<DirectoryNotFoundException>(() => ImageFolderLoader.Load(Path.Combine(dir.Root, "none"), 4, 4));
    }
}
