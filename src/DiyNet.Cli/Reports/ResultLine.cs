using System.Globalization;

namespace DiyNet.Cli.Reports;

/// <summary>A headline figure of an experiment and, when it has one, its target and whether it is met.</summary>
internal sealed record ResultLine(string What, double Value, string Format, Target? Target, string? Note)
{
    public bool? Met => Target?.Check(Value);

    public string ValueText => Value.ToString(Format, CultureInfo.InvariantCulture) + (Note is null ? "" : $" ({Note})");

    public string TargetText => Target is null ? "—" : Target.Text + (Met == true ? " ✔" : " ✘");
}
