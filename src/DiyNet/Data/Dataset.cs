using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;

namespace DiyNet.Data;

/// <summary>
/// A labelled classification data set: inputs <see cref="X"/> with one row per example and an integer class label
/// per row. Loaders return X flat, shape (N, features); <see cref="Images"/> gives the (N, H, W, 1) channels-last
/// view that convolutions take.
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a data set.</summary>
    /// <param name="x">Inputs, first axis = examples.</param>
    /// <param name="labels">One label in [0, classCount) per example.</param>
    /// <param name="classCount">Number of classes K.</param>
    /// <param name="name">A short name (shown in messages and reports).</param>
    /// <param name="imageSize">Height and width when each row is an image stored row-major, else null.</param>
    /// <param name="classNames">Optional names of the K classes.</param>
    /// <exception cref="ArgumentException">The counts disagree, a label is out of range, or the image size does not match.</exception>
    public Dataset(Tensor x, int[] labels, int classCount, string name, (int Height, int Width)? imageSize = null,
        IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(name);
        if (x.Rank < 1) throw new ArgumentException($"Dataset '{name}': X must have an examples axis, got shape {x.ShapeString}.");
        if (x.Dim(0) != labels.Length)
            throw new ArgumentException($"Dataset '{name}': X has {x.Dim(0)} rows, there are {labels.Length} labels.");
        if (classCount < 1) throw new ArgumentException($"Dataset '{name}': class count must be positive, got {classCount}.");
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"Dataset '{name}': label {labels[i]} of example {i} is outside 0..{classCount - 1}.");
        int features = 1;
        for (int d = 1; d < x.Rank; d++) features *= x.Dim(d);
        if (imageSize is { } s && (s.Height <= 0 || s.Width <= 0 || s.Height * s.Width != features))
            throw new ArgumentException($"Dataset '{name}': image size {s.Height}×{s.Width} does not match {features} features.");
        if (classNames is not null && classNames.Count != classCount)
            throw new ArgumentException($"Dataset '{name}': {classNames.Count} class names for {classCount} classes.");
        X = x;
        Labels = labels;
        ClassCount = classCount;
        Name = name;
        ImageSize = imageSize;
        ClassNames = classNames;
        FeatureCount = features;
    }

    /// <summary>Inputs, shape (N, features) as loaded.</summary>
    public Tensor X { get; }

    /// <summary>Class label of each example, in [0, <see cref="ClassCount"/>).</summary>
    public int[] Labels { get; }

    /// <summary>Number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>Short name, e.g. <c>mnist-train</c>.</summary>
    public string Name { get; }

    /// <summary>Height and width of each example when rows are images, else null.</summary>
    public (int Height, int Width)? ImageSize { get; }

    /// <summary>Names of the classes, when known (Fashion-MNIST); null for digits, whose names are their labels.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Number of examples N.</summary>
    public int Count => Labels.Length;

    /// <summary>Number of features per example.</summary>
    public int FeatureCount { get; }

    /// <summary>The name of class <paramref name="label"/>: its entry in <see cref="ClassNames"/>, or the number itself.</summary>
    public string ClassName(int label) => ClassNames is null ? label.ToString(System.Globalization.CultureInfo.InvariantCulture) : ClassNames[label];

    /// <summary>X as images, shape (N, H, W, 1) channels-last, a view sharing X's memory.</summary>
    /// <exception cref="InvalidOperationException">The data set has no image size.</exception>
    public Tensor Images()
    {
        if (ImageSize is not { } s) throw new InvalidOperationException($"Dataset '{Name}': rows are not images (no image size).");
        return X.Reshape(Count, s.Height, s.Width, 1);
    }

    /// <summary>The labels one-hot encoded, shape (N, K): the targets of the classification losses.</summary>
    public Tensor OneHot() => Preparation.OneHot(Labels, ClassCount);

    /// <summary>How many examples each class has.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (int label in Labels) counts[label]++;
        return counts;
    }

    /// <summary>The examples at <paramref name="indices"/>, copied into a new data set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0..N-1.</exception>
    public Dataset Subset(ReadOnlySpan<int> indices, string? name = null) =>
        new(Preparation.TakeRows(X, indices), Preparation.Take(Labels, indices), ClassCount, name ?? Name, ImageSize, ClassNames);

    /// <summary>The same labels with other inputs (e.g. scaled ones) having the same number of rows.</summary>
    public Dataset WithFeatures(Tensor x) => new(x, Labels, ClassCount, Name, ImageSize, ClassNames);

    /// <summary>A copy with every input multiplied by <paramref name="factor"/> (e.g. 1/255 to map bytes to [0, 1]).</summary>
    public Dataset Scaled(float factor)
    {
        var x = X.Clone();
        TensorPrimitives.Multiply(x.Span, factor, x.Span);
        return WithFeatures(x);
    }

    /// <summary>The first <paramref name="count"/> examples (or all when fewer), copied.</summary>
    public Dataset Take(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, $"Dataset '{Name}': count must be ≥ 0.");
        int n = Math.Min(count, Count);
        var indices = new int[n];
        for (int i = 0; i < n; i++) indices[i] = i;
        return Subset(indices);
    }

    /// <summary>
    /// A stratified train/test split (each class keeps its proportion in both parts), seeded.
    /// See <see cref="Splits.Stratified"/>.
    /// </summary>
    public (Dataset Train, Dataset Test) Split(double testFraction, int seed)
    {
        var split = Splits.Stratified(Labels, testFraction, seed);
        return (Subset(split.Train, Name + "-train"), Subset(split.Test, Name + "-test"));
    }

    /// <summary>E.g. <c>usps-train: 7291 × 256 (16×16 images), 10 classes</c>.</summary>
    public override string ToString() =>
        $"{Name}: {Count} × {FeatureCount}{(ImageSize is { } s ? $" ({s.Height}×{s.Width} images)" : "")}, {ClassCount} classes";
}
