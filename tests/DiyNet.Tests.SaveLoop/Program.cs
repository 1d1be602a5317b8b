using DiyNet.Modules;
using DiyNet.Serialization;

// The child of the kill-during-save test: saves a large network over and over to one file, each version with every
// value set to its version number, and prints "saved k" once version k is on disk. The test SIGKILLs it at random.
// Usage: DiyNet.Tests.SaveLoop PATH FIRST_VERSION
if (args.Length != 2 || !int.TryParse(args[1], out int version))
{
    Console.Error.WriteLine("usage: DiyNet.Tests.SaveLoop PATH FIRST_VERSION");
    return 2;
}
var net = SaveLoopNetwork.Create();
for (; ; version++)
{
    foreach (var p in net.Parameters) p.Value.Span.Fill(version);
    net.Save(args[0]);
    Console.Out.WriteLine($"saved {version}");
    Console.Out.Flush();
}
