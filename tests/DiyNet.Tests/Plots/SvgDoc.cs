using System.Xml.Linq;
using Xunit;

namespace DiyNet.Tests.Plots;

/// <summary>Parses figures as XML and finds their parts by the class names the figures give them.</summary>
internal static class SvgDoc
{
    public static XDocument Parse(string svg)
    {
        var doc = XDocument.Parse(svg); // throws on malformed XML
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.Equal("http://www.w3.org/2000/svg", doc.Root.Name.NamespaceName);
        return doc;
    }

    public static List<XElement> ByClass(this XDocument doc, string cssClass) =>
        doc.Descendants().Where(e => (string?)e.Attribute("class") == cssClass).ToList();

    public static List<XElement> ByName(this XDocument doc, string localName) =>
        doc.Descendants().Where(e => e.Name.LocalName == localName).ToList();

    public static List<string> Texts(this XDocument doc, string cssClass) => doc.ByClass(cssClass).Select(e => e.Value).ToList();

    /// <summary>The number of dots (zero-length subpaths "M x y h0") in a path.</summary>
    public static int Dots(XElement path) => CountOf((string)path.Attribute("d")!, "h0");

    /// <summary>The number of subpaths (M commands) in a path.</summary>
    public static int Subpaths(XElement path) => CountOf((string)path.Attribute("d")!, "M");

    private static int CountOf(string s, string what)
    {
        int n = 0;
        for (int i = s.IndexOf(what, StringComparison.Ordinal); i >= 0; i = s.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
