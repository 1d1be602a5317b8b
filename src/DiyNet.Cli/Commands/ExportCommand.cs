using System.CommandLine;
using System.Globalization;
using DiyNet.Cli.Training;
using DiyNet.Modules;
using DiyNet.Serialization;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet export</c>: a trained model in another tool's layout.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "A model file written by diynet train (or any DiyNet model file, with --input-shape).", Required = true };
        var format = new Option<string>("--format")
        {
            Description = "pytorch: safetensors in PyTorch's names and layouts (Linear (out, in), Conv2d (out, in, kh, kw)), loadable with load_state_dict; " +
                          "onnx: an ONNX model (opset 17, input (N, features…), dynamic batch N) for ONNX Runtime.",
            DefaultValueFactory = _ => "pytorch",
        };
        var output = new Option<string>("--output", "-o") { Description = "The file to write.", Required = true };
        var inputShape = new Option<string?>("--input-shape")
        {
            Description = "ONNX only: the shape of one input example, e.g. 64 or 28,28,1 (default: the features of a model trained by diynet train).",
        };
        var verbose = CommandErrors.Verbose();
        var command = new Command("export", """
            Export a trained model for another tool.

            Example:
              diynet export --model out/iris/best.safetensors --format pytorch --output out/iris/iris-pytorch.safetensors
              diynet export --model out/iris/best.safetensors --format onnx --output out/iris/iris.onnx
              diynet export --model out/report/models/mnist-lenet.safetensors --format onnx --input-shape 28,28,1 --output lenet.onnx
            """ + "\n" + CommandErrors.ExitCodes)
        {
            model, format, output, inputShape, verbose,
        };
        command.SetAction(parse => CommandErrors.Run(parse, "export", verbose, (stdout, _) =>
        {
            string modelPath = parse.GetValue(model)!;
            string path = parse.GetValue(output)!;
            string? shapeText = parse.GetValue(inputShape);
            switch (parse.GetValue(format)!.ToLowerInvariant())
            {
                case "pytorch":
                {
                    if (shapeText is not null) throw new ArgumentException("--input-shape: only --format onnx takes it.");
                    var (net, card) = ModelFiles.Load(modelPath);
                    ModelFile.SaveForPyTorch(net, path, new Dictionary<string, string>(StringComparer.Ordinal) { [ModelCard.MetadataKey] = card.ToJson() });
                    break;
                }
                case "onnx":
                {
                    Module net;
                    int[] example;
                    if (shapeText is null)
                    {
                        (net, var card) = ModelFiles.Load(modelPath);
                        example = [card.InputSize];
                    }
                    else
                    {
                        example = ParseShape(shapeText);
                        net = ModelFile.Load(modelPath);
                    }
                    try { net.ExportOnnx(path, example); }
                    catch (OnnxExportException e) { throw new ArgumentException($"{modelPath}: {e.Message}", e); }
                    stdout.WriteLine($"input (N, {string.Join(", ", example)}), ONNX opset {OnnxExport.Opset}");
                    break;
                }
                default:
                    throw new ArgumentException($"--format \"{parse.GetValue(format)}\": expected pytorch or onnx.");
            }
            stdout.WriteLine($"wrote {path}");
            return CommandErrors.Ok;
        }));
        return command;
    }

    /// <summary>Reads <c>28,28,1</c> (or <c>28x28x1</c>): positive sizes.</summary>
    /// <exception cref="ArgumentException">A size is not a positive integer.</exception>
    internal static int[] ParseShape(string text)
    {
        string[] parts = text.Split([',', 'x', 'X'], StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]) || shape[i] <= 0)
                throw new ArgumentException($"--input-shape \"{text}\": size {i + 1} (\"{parts[i]}\") is not a positive integer; expected sizes like 64 or 28,28,1.");
        return shape;
    }
}
