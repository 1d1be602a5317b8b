using System.CommandLine;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet version</c>: the library version and the SIMD the machine offers.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version and the hardware acceleration in use.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"DiyNet {typeof(DiyNet.Tensors.Tensor).Assembly.GetName().Version}");
            Console.WriteLine($"Vector512: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256: {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}, cores: {Environment.ProcessorCount}");
            return 0;
        });
        return command;
    }
}
