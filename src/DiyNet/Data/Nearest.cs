namespace DiyNet.Data;

/// <summary>"Did you mean …?" suggestions: the candidate nearest to a misspelt name by edit distance.</summary>
internal static class Nearest
{
    /// <summary>
    /// The candidate with the smallest case-insensitive Levenshtein distance to <paramref name="name"/>, when that
    /// distance is at most half the name's length (at least 1) and less than the length; else null.
    /// </summary>
    public static string? Of(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            int d = Distance(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return bestDistance <= Math.Max(1, name.Length / 2) && bestDistance < name.Length ? best : null;
    }

    /// <summary>The Levenshtein distance (insertions, deletions, substitutions) between two strings.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
