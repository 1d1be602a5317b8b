using System.Globalization;
using System.Text;

namespace DiyNet.Plots.Svg;

/// <summary>
/// Writes SVG markup: elements, escaped attributes and text, numbers in the invariant culture.
/// Usage: <c>svg.Start("rect").Attr("x", 1.5).Attr("fill", "#fff").End();</c> for an empty element,
/// <c>svg.Start("g").Attr(...).Open(); … svg.Close();</c> for one with children,
/// <c>svg.Start("text").Attr(...).Text("a &lt; b");</c> for one with text.
/// </summary>
internal sealed class SvgBuilder
{
    private readonly StringBuilder _sb = new();
    private readonly Stack<string> _open = new();
    private string? _pending;
    private int _nextId;

    /// <summary>A document-unique id such as <c>clip3</c> (figures nested in a grid share one builder).</summary>
    public string NewId(string prefix) => prefix + (_nextId++).ToString(CultureInfo.InvariantCulture);

    /// <summary>Begins the tag of an element; attributes follow, then End, Open or Text.</summary>
    public SvgBuilder Start(string tag)
    {
        if (_pending is not null) throw new InvalidOperationException($"SVG: <{_pending}> was started but never ended.");
        _pending = tag;
        _sb.Append('<').Append(tag);
        return this;
    }

    /// <summary>Adds an attribute with an escaped string value.</summary>
    public SvgBuilder Attr(string name, string value)
    {
        RequirePending(name);
        _sb.Append(' ').Append(name).Append("=\"");
        Escape(value, _sb);
        _sb.Append('"');
        return this;
    }

    /// <summary>Adds a numeric attribute with at most <paramref name="decimals"/> decimals.</summary>
    public SvgBuilder Attr(string name, double value, int decimals = 2)
    {
        RequirePending(name);
        _sb.Append(' ').Append(name).Append("=\"");
        AppendNumber(_sb, value, decimals);
        _sb.Append('"');
        return this;
    }

    /// <summary>Closes the started tag as an empty element: <c>/&gt;</c>.</summary>
    public SvgBuilder End()
    {
        RequirePending("/>");
        _sb.Append("/>\n");
        _pending = null;
        return this;
    }

    /// <summary>Closes the started tag and opens its content; pair with <see cref="Close"/>.</summary>
    public SvgBuilder Open()
    {
        RequirePending(">");
        _sb.Append(">\n");
        _open.Push(_pending!);
        _pending = null;
        return this;
    }

    /// <summary>Writes the escaped text content and the closing tag of the started element.</summary>
    public SvgBuilder Text(string text)
    {
        RequirePending("text");
        string tag = _pending!;
        _sb.Append('>');
        Escape(text, _sb);
        _sb.Append("</").Append(tag).Append(">\n");
        _pending = null;
        return this;
    }

    /// <summary>Writes the closing tag of the innermost open element.</summary>
    public SvgBuilder Close()
    {
        if (_pending is not null) throw new InvalidOperationException($"SVG: <{_pending}> was started but never ended.");
        if (_open.Count == 0) throw new InvalidOperationException("SVG: Close() without an open element.");
        _sb.Append("</").Append(_open.Pop()).Append(">\n");
        return this;
    }

    /// <summary>The markup written so far; every element must be closed.</summary>
    public override string ToString()
    {
        if (_pending is not null || _open.Count > 0)
            throw new InvalidOperationException($"SVG: {_open.Count} element(s) left open ({string.Join(", ", _open)}).");
        return _sb.ToString();
    }

    /// <summary>
    /// Appends <paramref name="value"/> rounded to <paramref name="decimals"/> decimals, invariant culture,
    /// without trailing zeros and never as "-0".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static void AppendNumber(StringBuilder sb, double value, int decimals)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), $"SVG: cannot write the number {value}.");
        double r = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        if (r == 0) r = 0; // drops the sign of -0
        if (r == Math.Floor(r) && Math.Abs(r) < 1e15)
        {
            sb.Append(((long)r).ToString(CultureInfo.InvariantCulture));
            return;
        }
        sb.Append(r.ToString(decimals switch { 0 => "0", 1 => "0.#", 2 => "0.##", 3 => "0.###", _ => "0.####" }, CultureInfo.InvariantCulture));
    }

    /// <summary>The invariant-culture string of <see cref="AppendNumber"/>.</summary>
    public static string Number(double value, int decimals = 2)
    {
        var sb = new StringBuilder(12);
        AppendNumber(sb, value, decimals);
        return sb.ToString();
    }

    /// <summary>
    /// XML-escapes text for content or a double-quoted attribute; characters not allowed in XML 1.0
    /// (control characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
    /// </summary>
    public static void Escape(string text, StringBuilder sb)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\t' or '\n' or '\r': sb.Append(c); break;
                default:
                    if (c < 0x20 || c == '\uFFFE' || c == '\uFFFF') sb.Append('\uFFFD');
                    else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) sb.Append(c).Append(text[++i]);
                    else if (char.IsSurrogate(c)) sb.Append('\uFFFD');
                    else sb.Append(c);
                    break;
            }
        }
    }

    private void RequirePending(string what)
    {
        if (_pending is null) throw new InvalidOperationException($"SVG: '{what}' written outside a started element.");
    }
}
