using Xunit;

namespace DiyNet.Tests.Training;

/// <summary>Tests that measure the whole process's managed heap: run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapCollection
{
    public const string Name = "Heap";
}
