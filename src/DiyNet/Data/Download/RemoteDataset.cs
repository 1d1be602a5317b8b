namespace DiyNet.Data;

/// <summary>
/// A data set that can be downloaded: a base address and the files under it, each with its SHA-256.
/// <see cref="WithBaseUri"/> points the same files at another server (a mirror, or a local test server).
/// </summary>
public sealed class RemoteDataset
{
    /// <summary>Creates the description.</summary>
    /// <param name="name">Short name, also the cache sub-folder (e.g. <c>mnist</c>).</param>
    /// <param name="baseUri">The folder that holds the files (a trailing '/' is added when missing).</param>
    /// <param name="files">The files.</param>
    /// <param name="description">One line on the source and license.</param>
    /// <exception cref="ArgumentException">The name is not a simple folder name, or a hash is not 64 hex digits.</exception>
    public RemoteDataset(string name, Uri baseUri, IReadOnlyList<RemoteFile> files, string description = "")
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(files);
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw new ArgumentException($"RemoteDataset: \"{name}\" is not a usable folder name.", nameof(name));
        foreach (var f in files)
        {
            if (f.Sha256.Length != 64 || !f.Sha256.All(char.IsAsciiHexDigitLower))
                throw new ArgumentException($"RemoteDataset {name}: the SHA-256 of {f.FileName} must be 64 lowercase hex digits, got \"{f.Sha256}\".", nameof(files));
            if (string.IsNullOrEmpty(f.FileName) || f.FileName.IndexOfAny(['/', '\\']) >= 0)
                throw new ArgumentException($"RemoteDataset {name}: \"{f.FileName}\" is not a plain file name.", nameof(files));
        }
        Name = name;
        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        Files = files;
        Description = description;
    }

    /// <summary>Short name and cache sub-folder.</summary>
    public string Name { get; }

    /// <summary>The folder that holds the files, ending with '/'.</summary>
    public Uri BaseUri { get; }

    /// <summary>The files.</summary>
    public IReadOnlyList<RemoteFile> Files { get; }

    /// <summary>Source and license, in one line.</summary>
    public string Description { get; }

    /// <summary>The address of <paramref name="file"/>: the base address followed by its name.</summary>
    public Uri UriOf(RemoteFile file) => new(BaseUri, Uri.EscapeDataString(file.FileName));

    /// <summary>The same files served from another base address.</summary>
    public RemoteDataset WithBaseUri(Uri baseUri) => new(Name, baseUri, Files, Description);

    /// <summary>The file called <paramref name="fileName"/>.</summary>
    /// <exception cref="ArgumentException">No such file in this data set.</exception>
    public RemoteFile File(string fileName) =>
        Files.FirstOrDefault(f => f.FileName == fileName)
        ?? throw new ArgumentException($"RemoteDataset {Name}: no file \"{fileName}\" (has {string.Join(", ", Files.Select(f => f.FileName))}).", nameof(fileName));

    /// <summary>E.g. <c>mnist (4 files, 11594722 bytes) from https://…/</c>.</summary>
    public override string ToString() => $"{Name} ({Files.Count} files, {Files.Sum(f => f.Size)} bytes) from {BaseUri}";
}
