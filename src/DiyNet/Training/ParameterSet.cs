using System.Collections;
using System.Globalization;

namespace DiyNet.Training;

/// <summary>One combination of a <see cref="ParameterGrid"/>: named values, in the grid's order.</summary>
public sealed class ParameterSet : IReadOnlyList<KeyValuePair<string, object>>
{
    private readonly KeyValuePair<string, object>[] _entries;

    /// <summary>Creates a set from (name, value) pairs.</summary>
    /// <exception cref="ArgumentException">A name appears twice.</exception>
    public ParameterSet(IEnumerable<KeyValuePair<string, object>> entries)
    {
        _entries = entries.ToArray();
        var duplicate = _entries.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"ParameterSet: the name \"{duplicate.Key}\" appears twice.");
    }

    /// <summary>Number of parameters.</summary>
    public int Count => _entries.Length;

    /// <summary>The i-th (name, value) pair.</summary>
    public KeyValuePair<string, object> this[int index] => _entries[index];

    /// <summary>Whether a parameter is called <paramref name="name"/>.</summary>
    public bool Contains(string name) => Array.FindIndex(_entries, e => e.Key == name) >= 0;

    /// <summary>
    /// The value of <paramref name="name"/> as a <typeparamref name="T"/>. Numbers convert between numeric types
    /// (e.g. a grid value <c>0.1</c> read as float) when no fraction is lost to an integer type.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such parameter (the message lists those there are).</exception>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/>.</exception>
    public T Get<T>(string name)
    {
        int i = Array.FindIndex(_entries, e => e.Key == name);
        if (i < 0)
            throw new KeyNotFoundException($"ParameterSet: no parameter \"{name}\" (have: {string.Join(", ", _entries.Select(e => e.Key))}).");
        object value = _entries[i].Value;
        if (value is T typed) return typed;
        if (IsNumber(value.GetType()) && IsNumber(typeof(T)) && TryConvert(value, out T converted)) return converted;
        throw new InvalidCastException($"ParameterSet: \"{name}\" is {Format(value)} ({value.GetType().Name}), not a {typeof(T).Name}.");
    }

    /// <summary>E.g. <c>learningRate=0.1, hidden=64</c>.</summary>
    public override string ToString() => string.Join(", ", _entries.Select(e => $"{e.Key}={Format(e.Value)}"));

    /// <summary>A value as text (invariant culture; arrays as <c>[a, b]</c>).</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool TryConvert<T>(object value, out T converted)
    {
        try
        {
            converted = (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            converted = default!;
            return false;
        }
        bool floating = typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(decimal);
        return floating || Convert.ToDouble(converted, CultureInfo.InvariantCulture) == Convert.ToDouble(value, CultureInfo.InvariantCulture);
    }

    private static bool IsNumber(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(float)
        || t == typeof(double) || t == typeof(decimal) || t == typeof(uint) || t == typeof(ulong);
}
