using Xunit;

namespace DiyNet.Tests.Packaging;

/// <summary>The tests that share one <see cref="PackedPackages"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "Packaging";
}
