namespace DiyNet.Plots.Style;

/// <summary>The shared look of every figure: fonts, sizes, neutral colours.</summary>
internal static class Theme
{
    public const string FontFamily = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif";
    public const double TitleSize = 15;
    public const double LabelSize = 13;
    public const double TickSize = 11.5;
    public const double SmallSize = 10.5;

    public const string Text = "#222222";
    public const string MutedText = "#555555";
    public const string Axis = "#444444";
    public const string Grid = "#e6e6e6";
    public const string MinorGrid = "#f2f2f2";
    public const string Background = "#ffffff";
    public const string LegendBorder = "#cccccc";
    public const string Error = "#d62728";

    public const double LineWidth = 1.8;
    public const double TickLength = 4;
}
