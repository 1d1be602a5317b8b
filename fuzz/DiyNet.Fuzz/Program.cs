using DiyNet.Fuzz;
using SharpFuzz;

// DiyNet.Fuzz TARGET: one target per reader; the input comes from afl-fuzz (on standard input), or, outside afl-fuzz,
// from standard input once (tools/fuzz.sh replays each crash that way).
// DiyNet.Fuzz seeds FOLDER: writes the seed corpora, small valid files, into FOLDER/TARGET/ (before instrumentation).
if (args is ["seeds", string folder])
{
    Seeds.Write(folder);
    return 0;
}
if (args.Length != 1 || !Targets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: DiyNet.Fuzz TARGET | DiyNet.Fuzz seeds FOLDER   (targets: {string.Join(", ", Targets.All.Keys)})");
    return 2;
}
Fuzzer.Run(target);
return 0;
