using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using DiyNet.Tensors;

namespace DiyNet.Serialization;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length n, a JSON header of n bytes
/// (<c>{"__metadata__": {string: string}, name: {"dtype", "shape", "data_offsets": [begin, end]}}</c>, offsets relative
/// to the data that follows), then the raw tensor data. DiyNet writes F32; it reads F32, F64, F16 and BF16
/// (converted to float32).
/// </summary>
/// <remarks>
/// The reader trusts nothing and never runs code: the header length is bounded by <see cref="MaxHeaderBytes"/> and by
/// the file; every entry is checked (dtype known, shape of non-negative whole numbers, offsets in range, not
/// overlapping, covering the data exactly and equal to dtype size × element count) before a byte of data is read.
/// Every failure is a <see cref="ModelFileException"/> naming the file and the problem.
/// </remarks>
public static class SafeTensors
{
    /// <summary>The largest header accepted (100 MB, as the reference implementation).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The metadata key of the JSON header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Writes <paramref name="tensors"/> (as F32, in order) and <paramref name="metadata"/> to
    /// <paramref name="path"/>, atomically (<see cref="AtomicFile"/>).</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        AtomicFile.Write(path, stream => Write(stream, list, metadata));
    }

    /// <summary>Writes the tensors (F32, in order) and metadata to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty, repeats or is the metadata key.</exception>
    public static void Write(Stream stream, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in tensors)
            if (string.IsNullOrEmpty(name) || name == MetadataKey || !names.Add(name))
                throw new ArgumentException($"safetensors: tensor name '{name}' is empty, reserved or repeated.", nameof(tensors));
        byte[] header = Header(tensors, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, tensor) in tensors) WriteF32(stream, tensor.Span);
    }

    private static byte[] Header(IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) w.WriteString(key, value);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (int d in tensor.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += 4L * tensor.Length;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        // Pad with spaces so that the data starts 8-byte aligned, as the reference writer does.
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteF32(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    /// <summary>Reads a safetensors file, checking everything (see the remarks of <see cref="SafeTensors"/>).</summary>
    /// <exception cref="ModelFileException">The file is malformed; <see cref="ModelFileException.Problem"/> says how.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads a safetensors file from a seekable stream; <paramref name="name"/> names it in errors.</summary>
    public static SafeTensorsFile Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long fileLength = stream.Length - stream.Position;
        if (fileLength < 8)
            throw new ModelFileException(name, ModelFileProblem.Truncated, $"truncated file: {fileLength} bytes, not even the 8-byte header length.");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw new ModelFileException(name, ModelFileProblem.HeaderTooLarge,
                $"header length {headerLength} bytes exceeds the limit of {MaxHeaderBytes} bytes.");
        if ((long)headerLength > fileLength - 8)
            throw new ModelFileException(name, ModelFileProblem.Truncated,
                $"truncated file: the header announces {headerLength} bytes but only {fileLength - 8} follow the length.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = fileLength - 8 - (long)headerLength;
        var (entries, metadata) = ParseHeader(header, name);
        CheckLayout(entries, dataLength, name);

        long dataStart = stream.Position;
        var tensors = new List<KeyValuePair<string, Tensor>>(entries.Count);
        byte[]? scratch = null;
        foreach (var e in entries.OrderBy(e => e.Begin))
        {
            stream.Position = dataStart + e.Begin;
            var tensor = new Tensor(e.Shape);
            ReadData(stream, e, tensor.Span, ref scratch);
            tensors.Add(new(e.Name, tensor));
        }
        var dtypes = entries.ToDictionary(e => e.Name, e => e.DType, StringComparer.Ordinal);
        return new SafeTensorsFile(name, tensors, metadata, dtypes);
    }

    private sealed record Entry(string Name, string DType, int[] Shape, long Elements, long Begin, long End);

    private static int DTypeSize(string dtype) => dtype switch
    {
        "F32" => 4,
        "F64" => 8,
        "F16" or "BF16" => 2,
        _ => 0,
    };

    private static (List<Entry>, Dictionary<string, string>) ParseHeader(byte[] header, string name)
    {
        if (!System.Text.Unicode.Utf8.IsValid(header))
            throw new ModelFileException(name, ModelFileProblem.HeaderNotJson, "the header is not JSON: it is not UTF-8 text.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new ModelFileException(name, ModelFileProblem.HeaderNotJson, $"the header is not JSON: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ModelFileException(name, ModelFileProblem.HeaderNotJson, $"the header is JSON {root.ValueKind}, expected an object.");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var property in root.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                        throw new ModelFileException(name, ModelFileProblem.BadEntry, $"the header names '{property.Name}' twice.");
                    if (property.Name == MetadataKey)
                    {
                        ReadMetadata(property.Value, metadata, name);
                    }
                    else entries.Add(ReadEntry(property.Name, property.Value, name));
                }
            }
            catch (InvalidOperationException e)
            {
                // A name or string whose escapes are not valid UTF-16 (a lone surrogate such as \uDD22: found by afl-fuzz)
                // parses as JSON but cannot be read as text.
                throw new ModelFileException(name, ModelFileProblem.HeaderNotJson, $"the header is not valid JSON text: {e.Message}", e);
            }
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string name)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new ModelFileException(name, ModelFileProblem.BadEntry, $"{MetadataKey} is {value.ValueKind}, expected an object of strings.");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new ModelFileException(name, ModelFileProblem.BadEntry,
                    $"{MetadataKey}[\"{item.Name}\"] is {item.Value.ValueKind}, expected a string.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new ModelFileException(name, ModelFileProblem.BadEntry, $"{MetadataKey} names '{item.Name}' twice.");
        }
    }

    private static Entry ReadEntry(string tensorName, JsonElement value, string name)
    {
        string where = $"tensor '{tensorName}'";
        if (tensorName.Length == 0)
            throw new ModelFileException(name, ModelFileProblem.BadEntry, "a tensor has an empty name.");
        if (value.ValueKind != JsonValueKind.Object)
            throw new ModelFileException(name, ModelFileProblem.BadEntry, $"{where} is {value.ValueKind}, expected an object with dtype, shape and data_offsets.");
        JsonElement? dtype = null, shape = null, offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtype is null: dtype = field.Value; break;
                case "shape" when shape is null: shape = field.Value; break;
                case "data_offsets" when offsets is null: offsets = field.Value; break;
                default:
                    throw new ModelFileException(name, ModelFileProblem.BadEntry, $"{where} has an unexpected or repeated field '{field.Name}'.");
            }
        }
        if (dtype is not { ValueKind: JsonValueKind.String } d)
            throw new ModelFileException(name, ModelFileProblem.BadEntry, $"{where} has no dtype string.");
        string type = d.GetString()!;
        if (DTypeSize(type) == 0)
            throw new ModelFileException(name, ModelFileProblem.UnknownDtype, $"{where} has dtype '{type}'; DiyNet reads F32, F64, F16 and BF16.");
        if (shape is not { ValueKind: JsonValueKind.Array } s)
            throw new ModelFileException(name, ModelFileProblem.BadEntry, $"{where} has no shape array.");
        var dims = new List<int>();
        long elements = 1;
        foreach (var dim in s.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out int size) || size < 0)
                throw new ModelFileException(name, ModelFileProblem.BadShape,
                    $"{where} has shape {s.GetRawText()}: {dim.GetRawText()} is not a non-negative whole number.");
            dims.Add(size);
            elements *= size;
            if (elements > Array.MaxLength)
                throw new ModelFileException(name, ModelFileProblem.BadShape, $"{where} has shape {s.GetRawText()}: more than {Array.MaxLength} elements.");
        }
        if (offsets is not { ValueKind: JsonValueKind.Array } o || o.GetArrayLength() != 2)
            throw new ModelFileException(name, ModelFileProblem.BadEntry, $"{where} has no data_offsets [begin, end].");
        long[] range = new long[2];
        for (int i = 0; i < 2; i++)
        {
            var bound = o[i];
            if (bound.ValueKind != JsonValueKind.Number || !bound.TryGetInt64(out range[i]) || range[i] < 0)
                throw new ModelFileException(name, ModelFileProblem.OffsetsOutOfRange,
                    $"{where} has data_offsets {o.GetRawText()}: {bound.GetRawText()} is not a non-negative whole number.");
        }
        if (range[1] < range[0])
            throw new ModelFileException(name, ModelFileProblem.OffsetsOutOfRange, $"{where} has data_offsets {o.GetRawText()} that run backwards.");
        long expected = elements * DTypeSize(type);
        if (range[1] - range[0] != expected)
            throw new ModelFileException(name, ModelFileProblem.WrongSize,
                $"{where} ({type}, shape {s.GetRawText()}) needs {expected} bytes but data_offsets {o.GetRawText()} span {range[1] - range[0]}.");
        return new Entry(tensorName, type, [.. dims], elements, range[0], range[1]);
    }

    private static void CheckLayout(List<Entry> entries, long dataLength, string name)
    {
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long end = 0;
        Entry? previous = null;
        foreach (var e in sorted)
        {
            if (previous is not null && e.Begin < previous.End)
                throw new ModelFileException(name, ModelFileProblem.OffsetsOverlap,
                    $"tensors '{previous.Name}' [{previous.Begin}, {previous.End}) and '{e.Name}' [{e.Begin}, {e.End}) overlap.");
            if (e.Begin != end)
                throw new ModelFileException(name, ModelFileProblem.OffsetsOutOfRange,
                    $"tensor '{e.Name}' starts at byte {e.Begin} of the data but the previous data ends at {end}: bytes unaccounted for.");
            end = e.End;
            previous = e;
        }
        if (end > dataLength)
        {
            var last = sorted[^1];
            throw new ModelFileException(name, ModelFileProblem.Truncated,
                $"truncated file: tensor '{last.Name}' ends at byte {last.End} of the data but the data section has {dataLength} bytes.");
        }
        if (end < dataLength)
            throw new ModelFileException(name, ModelFileProblem.OffsetsOutOfRange,
                $"the data section has {dataLength} bytes but the tensors cover {end}: {dataLength - end} bytes unaccounted for.");
    }

    private static void ReadData(Stream stream, Entry e, Span<float> destination, ref byte[]? scratch)
    {
        if (e.DType == "F32" && BitConverter.IsLittleEndian)
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(destination));
            return;
        }
        int size = DTypeSize(e.DType);
        const int Chunk = 1 << 14;
        scratch ??= new byte[Chunk * 8];
        for (int start = 0; start < destination.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, destination.Length - start);
            Span<byte> bytes = scratch.AsSpan(0, count * size);
            stream.ReadExactly(bytes);
            Span<float> target = destination.Slice(start, count);
            for (int i = 0; i < count; i++)
            {
                var b = bytes.Slice(i * size, size);
                target[i] = e.DType switch
                {
                    "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
                    "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
                    "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
                    _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
                };
            }
        }
    }
}
