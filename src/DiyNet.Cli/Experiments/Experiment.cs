namespace DiyNet.Cli.Experiments;

/// <summary>One experiment of the reports: trains, measures, and writes its section of the report with its figures.</summary>
internal abstract class Experiment
{
    /// <summary>The command-line name (<c>diynet experiment NAME</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The section title.</summary>
    public abstract string Title { get; }

    /// <summary>Where in the reports it comes from.</summary>
    public abstract string Source { get; }

    /// <summary>True when it needs a data folder (<c>--data</c>); false when it runs on embedded or synthetic data.</summary>
    public virtual bool NeedsDataFolder => false;

    /// <summary>Runs the experiment, writing into <paramref name="context"/>'s section.</summary>
    public abstract void Run(ExperimentContext context);
}
