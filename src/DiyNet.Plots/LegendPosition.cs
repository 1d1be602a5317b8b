namespace DiyNet.Plots;

/// <summary>Where a chart draws its legend.</summary>
public enum LegendPosition
{
    /// <summary>The inside corner that covers no data (top right, top left, bottom right, bottom left), else outside (above the plot for bar charts, right of it otherwise).</summary>
    Auto,

    /// <summary>Inside, top-right corner.</summary>
    TopRight,

    /// <summary>Inside, top-left corner.</summary>
    TopLeft,

    /// <summary>Inside, bottom-right corner.</summary>
    BottomRight,

    /// <summary>Inside, bottom-left corner.</summary>
    BottomLeft,

    /// <summary>Right of the plot area (the plot shrinks to make room).</summary>
    Outside,

    /// <summary>Above the plot area, entries in one row (the plot shrinks to make room).</summary>
    Top,

    /// <summary>No legend.</summary>
    None,
}
