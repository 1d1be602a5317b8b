using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>
/// Tests that change process-wide kernel settings (thread count, provider, vector width) run alone, so that no
/// other test computes under a setting it did not choose.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelSettingsCollection
{
    public const string Name = "Kernel settings";
}
