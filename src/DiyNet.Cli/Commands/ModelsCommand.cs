using System.CommandLine;
using DiyNet.Serialization;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet models</c>: every module a spec may name, with its arguments and defaults, from the module catalog.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", """
            List the modules a model spec may use, with their arguments (defaults after =) and what they compute.

            Example:
              diynet models
              diynet train --model "Unflatten(28,28,1) Conv2D(5,_,6,padding:2) ReLU MaxPool2D(2) Flatten Linear(_,10)" --data train-images-idx3-ubyte.gz
            """);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var entries = ModuleCatalog.Entries;
            int width = entries.Max(e => e.TypeName.Length);
            output.WriteLine("Modules (one-line spec: Name(positional, name:value); _ for a size taken from the data):");
            foreach (var e in entries)
                output.WriteLine($"  {e.TypeName.PadRight(width)}  ({SpecBinder.Signature(e)}){(e.Summary.Length > 0 ? "  — " + e.Summary : "")}");
            return 0;
        });
        return command;
    }
}
