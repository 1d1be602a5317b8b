using DiyNet.Modules;
using DiyNet.Training;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Experiments;

/// <summary>What an experiment gets: where to write, the data folder, the seed, its report section and progress.</summary>
internal sealed class ExperimentContext
{
    public ExperimentContext(string outputDirectory, string? dataDirectory, int seed, ReportSection section, ConsoleProgress progress)
    {
        OutputDirectory = outputDirectory;
        DataDirectory = dataDirectory;
        Seed = seed;
        Section = section;
        Progress = progress;
    }

    /// <summary>The report folder; figures go to its <c>figures/</c> subfolder.</summary>
    public string OutputDirectory { get; }

    /// <summary>The data folder given with <c>--data</c>, if any.</summary>
    public string? DataDirectory { get; }

    /// <summary>The base seed; experiments derive theirs from it.</summary>
    public int Seed { get; }

    /// <summary>The experiment's section of the report.</summary>
    public ReportSection Section { get; }

    /// <summary>Progress display.</summary>
    public ConsoleProgress Progress { get; }

    /// <summary>The data folder, or a clear error naming the experiment when none was given.</summary>
    public string RequireDataDirectory(string experiment) =>
        DataDirectory ?? throw new InvalidOperationException($"Experiment '{experiment}' needs a data folder: pass --data DIR.");

    /// <summary>Writes an SVG figure under <c>figures/</c> and links it in the section.</summary>
    public void Figure(string fileName, string svg, string caption)
    {
        string dir = Path.Combine(OutputDirectory, "figures");
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, fileName), svg);
        Section.Figure("figures/" + fileName, caption);
    }

    /// <summary>Saves a trained network as <c>models/NAME.safetensors</c> under the output folder (architecture and
    /// weights; <c>Module.Load</c> rebuilds it) and lists it in the section.</summary>
    public void SaveModel(string name, Module net)
    {
        string file = Path.Combine("models", name + ".safetensors");
        DiyNet.Serialization.ModelFile.Save(net, Path.Combine(OutputDirectory, file));
        Section.Paragraph($"Trained network saved as `{file}` ({net.ParameterCount:N0} parameters).");
    }

    /// <summary>An <see cref="TrainingOptions.OnEpoch"/> callback that shows training progress under <paramref name="label"/>.</summary>
    public Action<EpochRecord> EpochProgress(string label, int epochs) => e => Progress.Update(label, e, epochs);
}
