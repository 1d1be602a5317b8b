namespace DiyNet.Plots;

/// <summary>How a <see cref="Heatmap"/> rescales its values before colouring and printing them.</summary>
public enum HeatmapNormalization
{
    /// <summary>The values as given (counts).</summary>
    None,

    /// <summary>Each row divided by its sum (a confusion matrix's recall per true class).</summary>
    Rows,

    /// <summary>Each column divided by its sum (a confusion matrix's precision per predicted class).</summary>
    Columns,

    /// <summary>Every value divided by the total.</summary>
    All,
}
