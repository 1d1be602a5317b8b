using System.CommandLine;
using System.Globalization;
using System.Text;
using DiyNet.Cli.Training;
using DiyNet.Training;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet predict</c>: the class (and optionally the probabilities) or value of each example, as CSV, streamed in chunks.</summary>
internal static class PredictCommand
{
    private const string Example = """

        Example:
          diynet predict --model out/iris/best.safetensors --data examples/iris.csv --probabilities --output predictions.csv

        The output has one row per example: its place in the input (CSV line number, image file, or example number),
        then the class (or the value, for regression) and, with --probabilities, one column per class. The input is
        read in chunks of --chunk-size rows, so a file larger than memory works; a target column present in a CSV is
        ignored.
        """;

    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "A model file written by diynet train.", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "Inputs in the format the model was trained on (CSV: the feature columns by name; images: a folder).", Required = true };
        var output = new Option<string?>("--output") { Description = "The CSV file to write (default: standard output)." };
        var probabilities = new Option<bool>("--probabilities") { Description = "Add one probability column per class (softmax of the scores)." };
        var chunk = new Option<int>("--chunk-size") { Description = "Examples read and predicted at a time.", DefaultValueFactory = _ => 4096 };
        var verbose = CommandErrors.Verbose();
        var command = new Command("predict", "Predict with a trained model: one CSV row per input example." + Example + CommandErrors.ExitCodes)
        {
            model, data, output, probabilities, chunk, verbose,
        };
        command.SetAction(parse => CommandErrors.Run(parse, "predict", verbose, (stdout, _) =>
        {
            var (net, card) = ModelFiles.Load(parse.GetValue(model)!);
            int size = parse.GetValue(chunk);
            if (size < 1) throw new ArgumentException($"--chunk-size {size}: expected a whole number ≥ 1.");
            string? path = parse.GetValue(output);
            bool probs = parse.GetValue(probabilities) && card.Task == TaskKind.Classification;
            using var file = path is null ? null : new StreamWriter(Temporary(path), false, new UTF8Encoding(false));
            var writer = file ?? stdout;
            writer.Write(Header(card, probs));
            int rows = 0;
            foreach (var (x, names) in DataLoader.Chunks(parse.GetValue(data)!, card, size))
            {
                var y = Evaluator.Predict(net, x);
                Write(writer, card, names, y, probs);
                rows += names.Length;
            }
            if (file is not null)
            {
                file.Dispose();
                File.Move(Temporary(path!), path!, overwrite: true);
                stdout.WriteLine($"{rows} predictions written to {path}");
            }
            return CommandErrors.Ok;
        }));
        return command;
    }

    private static string Temporary(string path) => path + ".partial";

    private static string Header(ModelCard card, bool probabilities)
    {
        var sb = new StringBuilder("row,").Append(card.Task == TaskKind.Classification ? "class" : Csv(card.Target ?? "value"));
        if (probabilities) foreach (string c in card.Classes!) sb.Append(",p_").Append(Csv(c));
        return sb.Append('\n').ToString();
    }

    private static void Write(TextWriter writer, ModelCard card, string[] names, DiyNet.Tensors.Tensor y, bool probabilities)
    {
        int k = y.Dim(1);
        var row = new float[k];
        var sb = new StringBuilder();
        for (int i = 0; i < names.Length; i++)
        {
            var scores = y.Span.Slice(i * k, k);
            sb.Clear().Append(Csv(names[i])).Append(',');
            if (card.Task == TaskKind.Regression) sb.Append(scores[0].ToString("R", CultureInfo.InvariantCulture));
            else
            {
                int best = 0;
                for (int j = 1; j < k; j++) if (scores[j] > scores[best]) best = j;
                sb.Append(Csv(card.Classes![best]));
                if (probabilities)
                {
                    System.Numerics.Tensors.TensorPrimitives.SoftMax(scores, row);
                    foreach (float p in row) sb.Append(',').Append(p.ToString("G6", CultureInfo.InvariantCulture));
                }
            }
            writer.Write(sb.Append('\n'));
        }
    }

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
