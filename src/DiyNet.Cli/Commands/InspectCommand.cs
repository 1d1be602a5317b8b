using System.CommandLine;
using System.Globalization;
using System.Text;
using DiyNet.Serialization;
using DiyNet.Tensors;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet inspect FILE</c>: the architecture, the parameter count and every tensor of a model file.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A model file (.safetensors) written by DiyNet or PyTorch." };
        var command = new Command("inspect", "Print a model file's architecture, parameter count and each tensor's name, shape and statistics.\n" +
                                             "Example: diynet inspect out/report/models/mnist-lenet.safetensors") { file };
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!.FullName;
            try
            {
                Console.Write(Describe(path));
                return 0;
            }
            catch (Exception e) when (e is ModelFileException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"diynet inspect: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The report of a model file, as printed.</summary>
    public static string Describe(string path)
    {
        var file = SafeTensors.Read(path);
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{path}\n");
        foreach (var (key, value) in file.Metadata.Where(m => m.Key != ModelFile.ArchitectureKey).OrderBy(m => m.Key, StringComparer.Ordinal))
            sb.Append(c, $"  {key}: {value}\n");
        if (file.Metadata.ContainsKey(ModelFile.ArchitectureKey))
        {
            var net = ModelFile.ReadArchitecture(path).Build();
            sb.Append("architecture:\n  ").Append(net.ToString()!.Replace("\n", "\n  ")).Append('\n');
            sb.Append(c, $"parameters: {net.ParameterCount:N0}\n");
        }
        long count = file.Tensors.Sum(t => (long)t.Value.Length);
        sb.Append(c, $"{file.Tensors.Count} tensors, {count:N0} values\n");
        int width = Math.Max(4, file.Tensors.Select(t => t.Key.Length).DefaultIfEmpty(0).Max());
        sb.Append(c, $"  {"name".PadRight(width)}  {"dtype",-5} {"shape",-18} {"mean",12} {"std",12} {"min",12} {"max",12}\n");
        foreach (var (name, t) in file.Tensors)
        {
            var (mean, std, min, max) = Statistics(t);
            sb.Append(c, $"  {name.PadRight(width)}  {file.DTypes[name],-5} {t.ShapeString,-18} {mean,12:G5} {std,12:G5} {min,12:G5} {max,12:G5}\n");
        }
        return sb.ToString();
    }

    private static (double Mean, double Std, float Min, float Max) Statistics(Tensor t)
    {
        if (t.Length == 0) return (double.NaN, double.NaN, float.NaN, float.NaN);
        double sum = 0, squares = 0;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in t.Span)
        {
            sum += v;
            squares += (double)v * v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        double mean = sum / t.Length;
        return (mean, Math.Sqrt(Math.Max(0, squares / t.Length - mean * mean)), min, max);
    }
}
