using Xunit;

namespace DiyNet.Tests.Cli.Train;

/// <summary>The diynet train tests run one after the other (they seed the library's shared generator and time child processes).</summary>
[CollectionDefinition(Name)]
public sealed class TrainCollection
{
    public const string Name = "diynet train";
}
