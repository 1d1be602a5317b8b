using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>The environment variables and setters of <see cref="KernelSettings"/>.</summary>
[Collection(KernelSettingsCollection.Name)]
public class KernelSettingsTests
{
    [Theory]
    [InlineData(null, -1)]
    [InlineData("", -1)]
    [InlineData("1", 1)]
    [InlineData(" 3 ", 3)]
    public void ThreadsComeFromTheVariableOrTheCoreCount(string? text, int expected) =>
        Assert.Equal(expected < 0 ? Environment.ProcessorCount : expected, KernelSettings.ParseThreads(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("two")]
    public void BadThreadCountsAreRejectedWithTheValue(string text)
    {
        var e = Assert.Throws<InvalidOperationException>(() => KernelSettings.ParseThreads(text));
        Assert.Contains($"DIYNET_THREADS='{text}'", e.Message);
    }

    [Theory]
    [InlineData(null, GemmProvider.Managed)]
    [InlineData("managed", GemmProvider.Managed)]
    [InlineData(" OpenBLAS ", GemmProvider.OpenBlas)]
    public void TheProviderComesFromTheVariable(string? text, GemmProvider expected) =>
        Assert.Equal(expected, KernelSettings.ParseProvider(text));

    [Fact]
    public void UnknownProvidersAndThreadCountsBelowOneAreRejected()
    {
        Assert.Contains("DIYNET_BLAS='mkl'", Assert.Throws<InvalidOperationException>(() => KernelSettings.ParseProvider("mkl")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelSettings.MaxThreads = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelSettings.GemmProvider = (GemmProvider)7);
    }
}
