using System.Net;
using DiyNet.Cluster;
using Orleans.Runtime;
using Xunit;

namespace DiyNet.Tests.Cluster;

public class TrialPlacementTests
{
    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    [Fact]
    public void TrialsGoToTheLeastBusySiloAndComeBackWhenReleased()
    {
        var placement = new TrialPlacement();
        Assert.Null(placement.Take());
        var silos = new[] { Silo(11111), Silo(11112), Silo(11113) };
        placement.SetActive(silos);

        var first = new[] { placement.Take()!, placement.Take()!, placement.Take()! };
        Assert.Equal(silos.ToHashSet(), first.ToHashSet());   // one trial on each silo before any gets a second

        placement.Release(first[1]);
        Assert.Equal(first[1], placement.Take());             // the only silo with a free place
        placement.Release(first[2]);
        placement.Release(first[2]);                          // a second release of the same trial counts nothing
        Assert.Equal(first[2], placement.Take());
        Assert.Contains(placement.Take(), silos);             // now every silo holds one: any of them
    }

    [Fact]
    public void AFailedSiloIsAvoidedWhileAnotherIsActiveAndForgottenWhenItLeaves()
    {
        var placement = new TrialPlacement();
        var (a, b) = (Silo(11121), Silo(11122));
        placement.SetActive([a, b]);
        for (int i = 0; i < 20; i++)
        {
            var chosen = placement.Take(avoid: a);
            Assert.Equal(b, chosen);
            placement.Release(b);
        }

        placement.SetActive([a]);
        Assert.Equal(a, placement.Take(avoid: a));            // the only silo left, even though it was the one avoided
        placement.SetActive([]);
        Assert.Null(placement.Take());
    }
}
