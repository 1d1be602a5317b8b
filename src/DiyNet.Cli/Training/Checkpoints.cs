using System.Globalization;
using System.Text.Json;
using DiyNet.Modules;
using DiyNet.Optimization;
using DiyNet.Serialization;
using DiyNet.Tensors;

namespace DiyNet.Cli.Training;

/// <summary>
/// The checkpoint of a run: one safetensors file, <c>checkpoint.safetensors</c> in the output folder, written
/// atomically, holding the network's tensors (<c>model.*</c>), the update rule's state (<c>optimizer.*</c>) and, in the
/// metadata, the architecture, the card, the rule's step count, the positions of the network's random streams
/// (dropout masks), the learning-rate schedule's state and the <see cref="TrainState"/>. A run killed at any
/// moment resumes from the last complete checkpoint.
/// </summary>
internal static class Checkpoints
{
    public const string FileName = "checkpoint.safetensors";
    private const string StateKey = "diynet.train_state";
    private const string StepsKey = "diynet.optimizer_steps";
    private const string RuleKey = "diynet.optimizer";
    private const string StreamsKey = "diynet.random_streams";
    private const string ScheduleKey = "diynet.schedule";

    public static string PathIn(string folder) => Path.Combine(folder, FileName);

    /// <summary>Writes the checkpoint (replacing the previous one atomically).</summary>
    public static void Write(string folder, Module net, ModelCard card, Optim optim, LearningRateSchedule? schedule, TrainState state)
    {
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, value) in net.StateDict()) tensors.Add(new("model." + name, value));
        foreach (var (name, value) in optim.Rule.State) tensors.Add(new("optimizer." + name, value));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ModelFile.FormatKey] = ModelFile.FormatName,
            [ModelFile.VersionKey] = ModelFile.FormatVersion.ToString(CultureInfo.InvariantCulture),
            [ModelFile.ArchitectureKey] = ModuleSpec.Of(net).ToJson(),
            [ModelCard.MetadataKey] = card.ToJson(),
            [RuleKey] = optim.Rule.GetType().Name,
            [StepsKey] = optim.Rule.StepCount.ToString(CultureInfo.InvariantCulture),
            [StateKey] = JsonSerializer.Serialize(state, CliJson.Default.TrainState),
            [StreamsKey] = RandomStreamState.ToJson(net),
        };
        if (schedule is not null) metadata[ScheduleKey] = Schedules.Write(schedule);
        SafeTensors.Write(PathIn(folder), tensors, metadata);
    }

    /// <summary>Reads the network and the progress of the checkpoint in <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no checkpoint.</exception>
    /// <exception cref="ModelFileException">The checkpoint is malformed.</exception>
    public static Checkpoint Read(string folder)
    {
        string path = PathIn(folder);
        if (!File.Exists(path)) throw new FileNotFoundException($"{folder}: no checkpoint ({FileName}) to resume from.", path);
        var file = SafeTensors.Read(path);
        var net = ModelFile.ReadArchitecture(path).Build();
        var model = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var optimizer = new List<(string, Tensor)>();
        foreach (var (name, value) in file.Tensors)
        {
            if (name.StartsWith("model.", StringComparison.Ordinal)) model[name["model.".Length..]] = value;
            else if (name.StartsWith("optimizer.", StringComparison.Ordinal)) optimizer.Add((name["optimizer.".Length..], value));
        }
        net.LoadStateDict(model, strict: true);
        try { RandomStreamState.Restore(net, file.Metadata.GetValueOrDefault(StreamsKey)); }
        catch (ArgumentException e) { throw new ModelFileException(path, ModelFileProblem.WrongTensors, e.Message, e); }
        string Meta(string key) => file.Metadata.TryGetValue(key, out var v) ? v
            : throw new ModelFileException(path, ModelFileProblem.BadEntry, $"the checkpoint has no \"{key}\" entry.");
        var state = JsonSerializer.Deserialize(Meta(StateKey), CliJson.Default.TrainState)
            ?? throw new ModelFileException(path, ModelFileProblem.BadEntry, "the training state is null.");
        long steps = long.Parse(Meta(StepsKey), CultureInfo.InvariantCulture);
        IReadOnlyList<(string, double)>? schedule = null;
        if (file.Metadata.TryGetValue(ScheduleKey, out var line))
        {
            try { schedule = Schedules.Read(line); }
            catch (FormatException e) { throw new ModelFileException(path, ModelFileProblem.BadEntry, e.Message, e); }
        }
        return new Checkpoint(net, ModelCard.FromJson(Meta(ModelCard.MetadataKey)), state, optimizer, steps, Meta(RuleKey), schedule);
    }
}
