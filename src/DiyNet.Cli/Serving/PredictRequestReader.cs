using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DiyNet.Cli.Serving;

/// <summary>
/// Reads the body of <c>POST /predict</c>, <c>{"rows": [[x₁, …, x_d], …]}</c>, straight from its UTF-8 bytes
/// (<see cref="Utf8JsonReader"/>: no reflection, nothing built but the values) and refuses, with a message naming the
/// row and column, anything that is not that: bad JSON, a missing or unknown property, a row of the wrong width, a
/// value that is not a finite float32 (NaN, ±Infinity, a string, 1e39), no rows, or more rows than allowed.
/// </summary>
internal static class PredictRequestReader
{
    /// <summary>The expected shape of the body, for messages.</summary>
    public const string Shape = "{\"rows\": [[x1, …, xd], …]}";

    /// <summary>Reads the rows of <paramref name="body"/>, each of <paramref name="width"/> values, at most <paramref name="maxRows"/> of them.</summary>
    /// <exception cref="BadRequestException">The body is not such rows; the message says why and where.</exception>
    public static PredictInput Read(ReadOnlySpan<byte> body, int width, int maxRows)
    {
        var values = new List<float>(width * 4);
        int rows = 0, column = 0;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        try
        {
            if (!reader.Read()) throw new BadRequestException($"the body is empty: expected {Shape}.");
            if (reader.TokenType != JsonTokenType.StartObject) throw new BadRequestException($"the body must be a JSON object {Shape}, not {Describe(reader.TokenType)}.");
            bool seen = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (name != "rows") throw new BadRequestException($"unknown property \"{name}\": expected {Shape}.");
                if (seen) throw new BadRequestException("the property \"rows\" appears twice.");
                seen = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw new BadRequestException($"\"rows\" must be an array of rows (arrays of {width} numbers), not {Describe(reader.TokenType)}.");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (rows == maxRows) throw new BadRequestException($"more than {maxRows} rows in one request (the server's --max-rows): split the request.");
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw new BadRequestException($"row {rows} must be an array of {width} numbers, not {Describe(reader.TokenType)}.");
                    column = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        values.Add(Number(ref reader, rows, column, width));
                        column++;
                    }
                    if (column != width) throw new BadRequestException($"row {rows} has {column} value{(column == 1 ? "" : "s")}, the model takes {width}.");
                    rows++;
                    column = 0;
                }
            }
            if (!seen) throw new BadRequestException($"no \"rows\" property: expected {Shape}.");
            if (reader.TokenType != JsonTokenType.EndObject) throw new BadRequestException($"the body must be a JSON object {Shape}.");
            while (reader.Read()) { }
        }
        catch (JsonException e)
        {
            throw new BadRequestException(NonFiniteLiteral(body, reader.BytesConsumed) is string literal
                ? $"row {rows}, column {column}: {literal} is not a number JSON allows, and the model takes only finite numbers."
                : $"the body is not valid JSON: {e.Message}");
        }
        if (rows == 0) throw new BadRequestException($"no rows to predict: expected {Shape} with at least one row.");
        return new PredictInput([.. values], rows);
    }

    private static float Number(ref Utf8JsonReader reader, int row, int column, int width)
    {
        if (column == width) throw new BadRequestException($"row {row} has more than {width} values, the model takes {width}.");
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetSingle(out float value) && float.IsFinite(value)) return value;
                string text = Encoding.UTF8.GetString(reader.ValueSpan);
                throw new BadRequestException($"row {row}, column {column}: {text} is not a finite float32 number (largest magnitude {float.MaxValue.ToString("R", CultureInfo.InvariantCulture)}).");
            case JsonTokenType.String:
                string s = reader.GetString()!;
                throw new BadRequestException(IsNonFinite(s)
                    ? $"row {row}, column {column}: \"{s}\" is not finite; the model takes only finite numbers."
                    : $"row {row}, column {column}: expected a number, found the string \"{Clip(s)}\".");
            default:
                throw new BadRequestException($"row {row}, column {column}: expected a number, found {Describe(reader.TokenType)}.");
        }
    }

    // The bare NaN or Infinity that clients such as Python's json.dumps write, found where the reader stopped.
    private static string? NonFiniteLiteral(ReadOnlySpan<byte> body, long consumed)
    {
        var rest = body[(int)Math.Min(consumed, body.Length)..].TrimStart(" \t\r\n,[:"u8);
        foreach (string literal in (ReadOnlySpan<string>)["NaN", "Infinity", "-Infinity", "+Infinity", "inf", "-inf", "nan"])
            if (rest.StartsWith(Encoding.ASCII.GetBytes(literal))) return literal;
        return null;
    }

    private static bool IsNonFinite(string s) =>
        float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && !float.IsFinite(v);

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
