using System.CommandLine;
using DiyNet.Cli.Training;
using DiyNet.Serialization;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet export</c>: a trained model in another tool's layout.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "A model file written by diynet train.", Required = true };
        var format = new Option<string>("--format") { Description = "pytorch: safetensors in PyTorch's names and layouts (Linear (out, in), Conv2d (out, in, kh, kw)), loadable with load_state_dict.", DefaultValueFactory = _ => "pytorch" };
        var output = new Option<string>("--output", "-o") { Description = "The file to write.", Required = true };
        var verbose = CommandErrors.Verbose();
        var command = new Command("export", """
            Export a trained model for another tool.

            Example:
              diynet export --model out/iris/best.safetensors --format pytorch --output out/iris/iris-pytorch.safetensors
            """ + "\n" + CommandErrors.ExitCodes)
        {
            model, format, output, verbose,
        };
        command.SetAction(parse => CommandErrors.Run(parse, "export", verbose, (stdout, _) =>
        {
            var (net, card) = ModelFiles.Load(parse.GetValue(model)!);
            string path = parse.GetValue(output)!;
            switch (parse.GetValue(format)!.ToLowerInvariant())
            {
                case "pytorch":
                    ModelFile.SaveForPyTorch(net, path, new Dictionary<string, string>(StringComparer.Ordinal) { [ModelCard.MetadataKey] = card.ToJson() });
                    break;
                default:
                    throw new ArgumentException($"--format \"{parse.GetValue(format)}\": expected pytorch.");
            }
            stdout.WriteLine($"wrote {path}");
            return CommandErrors.Ok;
        }));
        return command;
    }
}
