namespace DiyNet.Tests;

/// <summary>
/// Names of the test groups that <c>.ci/run</c> runs a second time: the fixture, gradient-check, determinism and
/// kernel groups with instruction sets disabled (<c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableAVX2=0</c>,
/// <c>DOTNET_EnableHWIntrinsic=0</c>; <c>dotnet test --filter Group=Fixture|Group=GradientCheck|…</c>), and the CLI
/// group against the Native AOT executable.
/// </summary>
internal static class TestGroup
{
    /// <summary>The trait's name.</summary>
    public const string Name = "Group";

    /// <summary>Comparisons with the PyTorch fixtures.</summary>
    public const string Fixture = "Fixture";

    /// <summary>Finite-difference gradient checks.</summary>
    public const string GradientCheck = "GradientCheck";

    /// <summary>Bit-identical results across runs and thread counts.</summary>
    public const string Determinism = "Determinism";

    /// <summary>The matrix-multiply kernels at every vector width against the reference, and the width dispatch.</summary>
    public const string Kernels = "Kernels";

    /// <summary>The <c>diynet</c> commands run as a process (again against the Native AOT executable under CI).</summary>
    public const string Cli = "Cli";
}
