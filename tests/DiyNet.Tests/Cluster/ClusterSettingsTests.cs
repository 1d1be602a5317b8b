using DiyNet.Cluster;
using Xunit;

namespace DiyNet.Tests.Cluster;

public class ClusterSettingsTests
{
    [Fact]
    public void PrintedSettingsNameTheDatabaseButNeverThePassword()
    {
        var settings = new ClusterSettings { Connection = "Host=10.0.0.5;Port=5433;Username=lab;Password=hunter2;Database=runs", ClusterId = "lab", SiloPort = 11111 };
        string text = settings.ToString();
        Assert.DoesNotContain("hunter2", text);
        Assert.Contains("cluster \"lab\" (PostgreSQL at 10.0.0.5:5433, database runs, user lab)", text);
        Assert.Contains("silo port 11111", text);
        Assert.DoesNotContain("hunter2", $"{settings with { ClusterId = "other" }}");
    }
}
