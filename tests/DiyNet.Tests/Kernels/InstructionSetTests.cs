using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DiyNet.Kernels;
using Xunit;

namespace DiyNet.Tests.Kernels;

/// <summary>
/// The kernels pick the widest rung the runtime runs in hardware, and multiply-add the way the processor does
/// fast: checked against the runtime's own switches, which <c>.ci/run</c> sets in turn.
/// </summary>
[Trait(TestGroup.Name, TestGroup.Kernels)]
public class InstructionSetTests
{
    private static bool Disabled(string isa) => Environment.GetEnvironmentVariable("DOTNET_Enable" + isa) == "0";

    [Fact]
    public void TheMatrixMultiplyRunsAtTheWidestWidthTheRuntimeAllows()
    {
        int width = ManagedGemm.BestWidth;
        if (Disabled("HWIntrinsic")) Assert.Equal(32, width);
        else if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            if (Disabled("AVX2")) Assert.Equal(128, width);
            else if (Disabled("AVX512")) Assert.True(width <= 256, $"width {width} with AVX-512 disabled");
        }
        Assert.Equal(Vector128.IsHardwareAccelerated, width >= 128);
    }

    [Fact]
    public void MultiplyAddsAreFusedOnlyWhereTheProcessorFusesThem()
    {
        // 1 + 2⁻¹² squared is 1 + 2⁻¹¹ + 2⁻²⁴: the last term is lost when the product is rounded before the add.
        float a = 1f + 1f / 4096, c = -(1f + 2f / 4096);
        float expected = FastMultiplyAdd.IsFused ? MathF.Pow(2, -24) : 0f;
        Assert.Equal(expected, FastMultiplyAdd.Scalar(a, a, c));
        Assert.Equal(expected, FastMultiplyAdd.Vector(Vector128.Create(a), Vector128.Create(a), Vector128.Create(c)).GetElement(3));
        if (Disabled("HWIntrinsic") || (RuntimeInformation.ProcessArchitecture == Architecture.X64 && Disabled("AVX2")))
            Assert.False(FastMultiplyAdd.IsFused);
        Span<float> x = [a, a, a, a, a, a, a, a, a], destination = new float[9];
        Span<float> addend = [c, c, c, c, c, c, c, c, c];
        FastMultiplyAdd.Spans(x, a, addend, destination);
        foreach (float d in destination) Assert.Equal(expected, d);
    }
}
