using System.CommandLine;
using DiyNet.Cli.Training;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet evaluate</c>: a trained model on labelled data — accuracy, per-class scores and confusion matrix, or MSE and R².</summary>
internal static class EvaluateCommand
{
    private const string Example = """

        Example:
          diynet evaluate --model out/iris/best.safetensors --data examples/iris.csv

        The model file says how to read the data (columns, classes, image size) and holds the input scaling.
        """;

    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "A model file written by diynet train.", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "Labelled data in the format the model was trained on.", Required = true };
        var labels = new Option<string?>("--labels") { Description = "The IDX labels file (default: beside the images file)." };
        var figure = new Option<string?>("--figure") { Description = "Where to write the confusion matrix as SVG (default: confusion.svg beside the model)." };
        var verbose = CommandErrors.Verbose();
        var command = new Command("evaluate", "Evaluate a trained model on labelled data: accuracy, per-class precision, recall and F1, confusion matrix (table and SVG); MSE and R² for regression." + Example + CommandErrors.ExitCodes)
        {
            model, data, labels, figure, verbose,
        };
        command.SetAction(parse => CommandErrors.Run(parse, "evaluate", verbose, (stdout, _) =>
        {
            string modelPath = parse.GetValue(model)!;
            var (net, card) = ModelFiles.Load(modelPath);
            var test = DataLoader.LoadLike(new DataRequest(parse.GetValue(data)!, Labels: parse.GetValue(labels)), card);
            var result = Evaluation.Run(net, card, test);
            stdout.Write(result.Text(ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected));
            if (result.Confusion is not null)
            {
                string path = parse.GetValue(figure) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "confusion.svg");
                Reports.AtomicFile.WriteAllText(path, result.ConfusionSvg());
                stdout.WriteLine($"confusion matrix figure: {path}");
            }
            return CommandErrors.Ok;
        }));
        return command;
    }
}
