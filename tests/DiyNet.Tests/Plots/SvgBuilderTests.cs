using System.Globalization;
using System.Text;
using DiyNet.Plots;
using DiyNet.Plots.Svg;
using Xunit;

namespace DiyNet.Tests.Plots;

public class SvgBuilderTests
{
    [Fact]
    public void TextAndAttributesAreEscaped()
    {
        var svg = new SvgBuilder();
        svg.Start("g").Attr("id", "a\"<&>'b").Open();
        svg.Start("text").Text("x < y && z > \"w\"");
        svg.Close();
        var doc = System.Xml.Linq.XElement.Parse(svg.ToString());
        Assert.Equal("a\"<&>'b", (string)doc.Attribute("id")!);
        Assert.Equal("x < y && z > \"w\"", doc.Elements().Single().Value);
    }

    [Fact]
    public void CharactersNotAllowedInXmlAreReplaced()
    {
        var sb = new StringBuilder();
        SvgBuilder.Escape("a\u0001b\uFFFEc\uD800d😀", sb);
        Assert.Equal("a\uFFFDb\uFFFDc\uFFFDd😀", sb.ToString());
    }

    [Theory]
    [InlineData(1.0, 2, "1")]
    [InlineData(-0.001, 2, "0")]
    [InlineData(12.345, 2, "12.35")]
    [InlineData(12.5, 0, "13")]
    [InlineData(-3.14159, 1, "-3.1")]
    [InlineData(1e7, 1, "10000000")]
    public void NumbersAreInvariantAndShort(double v, int decimals, string expected) => Assert.Equal(expected, SvgBuilder.Number(v, decimals));

    [Fact]
    public void NonFiniteNumbersAreRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => SvgBuilder.Number(double.NaN));

    [Fact]
    public void UnbalancedElementsAreReported()
    {
        var svg = new SvgBuilder();
        svg.Start("g").Open();
        Assert.Throws<InvalidOperationException>(() => svg.ToString());
        Assert.Throws<InvalidOperationException>(() => new SvgBuilder().Close());
        Assert.Throws<InvalidOperationException>(() => new SvgBuilder().Start("a").Start("b"));
    }

    [Fact]
    public void FiguresIgnoreTheCurrentCulture()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NegativeSign = "~";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = comma;
            string svg = new LineChart { Title = "t" }.Add("a", new[] { -0.5, 0.25, 1.75 }, new[] { -1.5, 2.25, 0.125 }).ToSvg()
                + new BarChart().Add("b", new[] { -0.5, 1.25 }).ToSvg()
                + new Heatmap(new[,] { { 0.5, -1.5 } }).ToSvg();
            Assert.DoesNotContain(",", svg.Replace("'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif", ""));
            Assert.DoesNotContain("~", svg);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
