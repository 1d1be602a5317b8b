using System.Net;
using DiyNet.Cluster;
using Orleans.Runtime;
using Xunit;

namespace DiyNet.Tests.Cluster;

/// <summary>The silos chosen for data-parallel worker grains: one per active silo in turn, in a fixed order.</summary>
public class ShardPlacementTests
{
    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    /// <summary>The port of each chosen silo (null: no hint).</summary>
    private static int?[] Ports(SiloAddress?[] placed) => [.. placed.Select(s => s?.Endpoint.Port)];

    [Fact]
    public void WorkersGoRoundRobinOverTheActiveSilosWhateverTheOrderTheyAreListedIn()
    {
        var silos = new[] { Silo(11113), Silo(11111), Silo(11112) };
        var placed = Ports(ShardPlacement.Assign(silos, 7));
        Assert.Equal([11111, 11112, 11113, 11111, 11112, 11113, 11111], placed);
        Assert.Equal(placed, Ports(ShardPlacement.Assign(silos.Reverse(), 7)));
        Assert.Equal([11111, 11112], Ports(ShardPlacement.Assign(silos, 2)));   // two workers: two different machines
        Assert.Equal([11111, 11111], Ports(ShardPlacement.Assign([Silo(11111), Silo(11111)], 2)));   // one silo listed twice is one silo
    }

    [Fact]
    public void WithoutAKnownSiloNoWorkerGetsAHint()
    {
        Assert.Equal([null, null, null], Ports(ShardPlacement.Assign([], 3)));
        Assert.Empty(ShardPlacement.Assign([Silo(11111)], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardPlacement.Assign([Silo(11111)], -1));
    }
}
