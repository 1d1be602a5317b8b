using System.Collections;

namespace DiyNet.Training;

/// <summary>
/// Named lists of values whose Cartesian product <see cref="GridSearch"/> explores. Written as a collection
/// initializer: <c>new ParameterGrid { { "learningRate", 0.1f, 0.01f }, { "hidden", 16, 64 } }</c>.
/// Combinations enumerate like nested loops in declaration order (the last name varies fastest).
/// </summary>
public sealed class ParameterGrid : IEnumerable<KeyValuePair<string, IReadOnlyList<object>>>
{
    private readonly List<KeyValuePair<string, IReadOnlyList<object>>> _axes = [];

    /// <summary>Adds a parameter and the values to try.</summary>
    /// <exception cref="ArgumentException">The name is empty or already present, or no value is given.</exception>
    public void Add(string name, params object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("ParameterGrid: a parameter needs a name.", nameof(name));
        if (_axes.Any(a => a.Key == name)) throw new ArgumentException($"ParameterGrid: \"{name}\" is already in the grid.", nameof(name));
        if (values.Length == 0) throw new ArgumentException($"ParameterGrid: \"{name}\" has no value to try.", nameof(values));
        _axes.Add(new(name, values.ToArray()));
    }

    /// <summary>The parameter names, in order.</summary>
    public IReadOnlyList<string> Names => _axes.Select(a => a.Key).ToArray();

    /// <summary>Number of combinations (the product of the list lengths; 1 for an empty grid).</summary>
    public int Count => _axes.Aggregate(1, (n, a) => checked(n * a.Value.Count));

    /// <summary>Every combination, the last parameter varying fastest.</summary>
    public IReadOnlyList<ParameterSet> Combinations()
    {
        var result = new List<ParameterSet>(Count);
        var index = new int[_axes.Count];
        for (int c = 0; c < Count; c++)
        {
            result.Add(new ParameterSet(_axes.Select((a, i) => new KeyValuePair<string, object>(a.Key, a.Value[index[i]]))));
            for (int i = _axes.Count - 1; i >= 0; i--)
            {
                if (++index[i] < _axes[i].Value.Count) break;
                index[i] = 0;
            }
        }
        return result;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, IReadOnlyList<object>>> GetEnumerator() => _axes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
