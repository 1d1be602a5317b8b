using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using DiyNet.Data;
using DiyNet.Tensors;

namespace DiyNet.Cli.Training;

/// <summary>
/// Reads the data sets of <c>diynet train</c>, <c>evaluate</c> and <c>predict</c>: CSV with a header, IDX pairs,
/// USPS text, image folders. Training data decides the card (classes, features, image size); validation and test
/// data are read with the trained model's card, so their classes and columns match.
/// </summary>
internal static class DataLoader
{
    /// <summary>Reads training data; the card is made from it.</summary>
    public static LoadedData LoadTraining(DataRequest request) => Load(request, card: null);

    /// <summary>Reads data for a network trained with <paramref name="card"/> (validation, evaluation).</summary>
    public static LoadedData LoadLike(DataRequest request, ModelCard card) => Load(request, card);

    /// <summary>The format of <paramref name="path"/>: a folder of images, IDX (magic number), USPS (a "classes features" first line) or CSV.</summary>
    public static DataFormat Detect(string path)
    {
        if (Directory.Exists(path)) return DataFormat.Images;
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file or folder.", path);
        using var stream = OpenMaybeGzip(path);
        var head = new byte[256];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n >= 4 && BinaryPrimitives.ReadInt32BigEndian(head) is IdxLoader.ImagesMagic or IdxLoader.LabelsMagic) return DataFormat.Idx;
        string first = System.Text.Encoding.UTF8.GetString(head, 0, n).Split('\n')[0].Trim();
        string[] words = first.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 2 && words.All(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out _))) return DataFormat.Usps;
        return DataFormat.Csv;
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var file = File.OpenRead(path);
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        return b0 == 0x1f && b1 == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static LoadedData Load(DataRequest request, ModelCard? card)
    {
        var format = request.Format == DataFormat.Auto ? Detect(request.Path) : request.Format;
        if (card is not null && format != card.Format && !(card.Format is DataFormat.Idx or DataFormat.Usps && format is DataFormat.Idx or DataFormat.Usps))
            throw new DataFormatException(request.Path, $"{request.Path}: {Name(format)} data, but the model was trained on {Name(card.Format)} data.");
        var data = format switch
        {
            DataFormat.Csv => Csv(request, card),
            DataFormat.Idx => Idx(request, card),
            DataFormat.Usps => Usps(request, card),
            DataFormat.Images => Images(request, card),
            _ => throw new ArgumentOutOfRangeException(nameof(request), format, "DataLoader: unknown format."),
        };
        if (card is not null && data.X.Dim(1) != card.InputSize)
            throw new DataFormatException(request.Path, $"{request.Path}: {data.X.Dim(1)} features per example, but the model takes {card.InputSize}.");
        return data;
    }

    internal static string Name(DataFormat f) => f switch
    {
        DataFormat.Csv => "CSV",
        DataFormat.Idx => "IDX",
        DataFormat.Usps => "USPS",
        DataFormat.Images => "image-folder",
        _ => "auto",
    };

    private static LoadedData Csv(DataRequest request, ModelCard? card)
    {
        using var reader = new CsvTableReader(request.Path, card?.Target ?? request.Target, card?.Features ?? request.Features);
        var chunk = reader.ReadAll();
        var task = card?.Task ?? request.Task ?? GuessTask(chunk.Targets!);
        string[]? classes = task == TaskKind.Classification ? card?.Classes ?? CsvTableReader.ClassNamesOf(chunk) : null;
        if (classes is { Length: < 2 } && card is null)
            throw new DataFormatException(request.Path, $"{request.Path}: the target column \"{reader.TargetName}\" has a single class ({classes[0]}); classification needs at least two.");
        return new LoadedData
        {
            X = chunk.X,
            Labels = classes is null ? null : reader.ClassIndices(chunk, classes),
            Values = classes is null ? reader.TargetValues(chunk) : null,
            Card = card ?? new ModelCard
            {
                Task = task, Classes = classes, Format = DataFormat.Csv, Features = reader.FeatureNames, Target = reader.TargetName,
                InputSize = reader.FeatureNames.Length,
            },
            Files = [request.Path],
            ExampleNames = chunk.Lines.Select(l => $"line {l}").ToArray(),
        };
    }

    /// <summary>Regression when every target is a number and one at least is not a whole number; else classification.</summary>
    internal static TaskKind GuessTask(string[] targets)
    {
        bool numbers = targets.All(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        bool fractional = targets.Any(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v != Math.Floor(v));
        return numbers && fractional ? TaskKind.Regression : TaskKind.Classification;
    }

    private static LoadedData Idx(DataRequest request, ModelCard? card)
    {
        string labels = request.Labels ?? LabelsBeside(request.Path);
        if (!File.Exists(labels))
            throw new FileNotFoundException($"{labels}: no IDX labels file; give it with --labels.", labels);
        var d = IdxLoader.Load(request.Path, labels, scaleToUnit: true);
        return FromDataset(d, d.ImageSize!.Value, DataFormat.Idx, [request.Path, labels], card);
    }

    /// <summary>The labels file beside an IDX images file: <c>train-images-idx3-ubyte.gz</c> → <c>train-labels-idx1-ubyte.gz</c>.</summary>
    internal static string LabelsBeside(string images)
    {
        string name = Path.GetFileName(images);
        string guess = name.Replace("images-idx3", "labels-idx1", StringComparison.Ordinal).Replace("images", "labels", StringComparison.Ordinal);
        return Path.Combine(Path.GetDirectoryName(images) ?? "", guess);
    }

    private static LoadedData Usps(DataRequest request, ModelCard? card)
    {
        var d = UspsLoader.Load(request.Path);
        int side = (int)Math.Round(Math.Sqrt(d.FeatureCount));
        return FromDataset(d, d.ImageSize ?? (1, d.FeatureCount), DataFormat.Usps, [request.Path], card, side * side == d.FeatureCount);
    }

    private static LoadedData FromDataset(Dataset d, (int Height, int Width) size, DataFormat format, string[] files, ModelCard? card, bool image = true)
    {
        string[] classes = card?.Classes ?? Enumerable.Range(0, d.ClassCount).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
        int outside = Array.FindIndex(d.Labels, l => l >= classes.Length);
        if (outside >= 0)
            throw new DataFormatException(files[^1], $"{Path.GetFileName(files[^1])}: label {d.Labels[outside]} of example {outside + 1} is not one of the model's {classes.Length} classes.");
        return new LoadedData
        {
            X = d.X,
            Labels = d.Labels,
            Card = card ?? new ModelCard
            {
                Task = TaskKind.Classification, Classes = classes, Format = format, InputSize = d.FeatureCount,
                Height = image ? size.Height : null, Width = image ? size.Width : null, Channels = image ? 1 : null,
            },
            Files = files,
        };
    }

    private static LoadedData Images(DataRequest request, ModelCard? card)
    {
        int h = card?.Height ?? request.Height, w = card?.Width ?? request.Width, c = card?.Channels ?? request.Channels;
        var folder = ImageFolderLoader.Load(request.Path, h, w, c, card?.Classes);
        return new LoadedData
        {
            X = folder.Data.X,
            Labels = folder.Data.Labels,
            Card = card ?? new ModelCard
            {
                Task = TaskKind.Classification, Classes = folder.Data.ClassNames!.ToArray(), Format = DataFormat.Images,
                Height = h, Width = w, Channels = c, InputSize = h * w * c,
            },
            Files = folder.Files.Select(f => Path.Combine(request.Path, f)).ToArray(),
            ExampleNames = folder.Files,
        };
    }

    /// <summary>A tensor of the examples' inputs in chunks, for prediction (CSV streamed; other formats read whole).</summary>
    public static IEnumerable<(Tensor X, string[] Names)> Chunks(string path, ModelCard card, int chunkRows, DataFormat format = DataFormat.Auto)
    {
        if (format == DataFormat.Auto) format = Detect(path);
        if (format == DataFormat.Csv)
        {
            using var reader = new CsvTableReader(path, card.Target, card.Features, readTarget: false);
            while (reader.ReadChunk(chunkRows) is { } chunk)
                yield return (chunk.X, chunk.Lines.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray());
            yield break;
        }
        if (format == DataFormat.Images && card.Format == DataFormat.Images)
        {
            string[] files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(ImageFolderLoader.IsImageFile)
                .Select(f => Path.GetRelativePath(path, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            int size = card.InputSize;
            for (int start = 0; start < files.Length; start += chunkRows)
            {
                int n = Math.Min(chunkRows, files.Length - start);
                var x = new Tensor(n, size);
                for (int i = 0; i < n; i++)
                    ImageFolderLoader.Decode(Path.Combine(path, files[start + i]), files[start + i], card.Height!.Value, card.Width!.Value,
                        card.Channels!.Value, x.Span.Slice(i * size, size));
                yield return (x, files[start..(start + n)]);
            }
            yield break;
        }
        var all = LoadLike(new DataRequest(path, format), card);
        for (int start = 0; start < all.Count; start += chunkRows)
        {
            int n = Math.Min(chunkRows, all.Count - start);
            int[] rows = Enumerable.Range(start, n).ToArray();
            yield return (DiyNet.Data.Preparation.TakeRows(all.X, rows), rows.Select(r => (r + 1).ToString(CultureInfo.InvariantCulture)).ToArray());
        }
    }
}
