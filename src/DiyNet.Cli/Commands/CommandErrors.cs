using System.CommandLine;
using System.Text.Json;
using DiyNet.Cli.Training;
using DiyNet.Data;
using DiyNet.Optimization;
using DiyNet.Serialization;

namespace DiyNet.Cli.Commands;

/// <summary>
/// Exit codes and error lines of the train, evaluate, predict, export and models commands: a data, file or model
/// problem prints one line <c>diynet COMMAND: message</c> on standard error (the stack trace only with
/// <c>--verbose</c>) and exits non-zero.
/// </summary>
internal static class CommandErrors
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug: the stack trace is printed).</summary>
    public const int Failure = 1;

    /// <summary>A problem with the input: a data file, a model spec or file, an option value.</summary>
    public const int BadInput = 2;

    /// <summary>The output folder is held by another running train.</summary>
    public const int Busy = 3;

    /// <summary>Training diverged (NaN or infinite loss).</summary>
    public const int Diverged = 4;

    /// <summary>Interrupted by Ctrl-C (SIGINT), as shells report 128 + 2.</summary>
    public const int Interrupted = 130;

    /// <summary>The <c>--verbose</c> option (print stack traces).</summary>
    public static Option<bool> Verbose() => new("--verbose") { Description = "Print the full stack trace of an error." };

    /// <summary>The exit codes, for the commands' help.</summary>
    public const string ExitCodes = "Exit codes: 0 success, 2 bad data, model or option, 3 output folder busy, 4 training diverged, 130 interrupted (Ctrl-C), 1 unexpected error.";

    /// <summary>Runs <paramref name="body"/>, turning known errors into one line and an exit code.</summary>
    public static int Run(ParseResult parse, string command, Option<bool> verbose, Func<TextWriter, TextWriter, int> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (Exception e) when (CodeOf(e) is int code)
        {
            error.WriteLine($"diynet {command}: {Describe(e)}");
            if (parse.GetValue(verbose)) error.WriteLine(e.ToString());
            return code;
        }
    }

    /// <summary>The exit code of an expected error, or null for a bug.</summary>
    public static int? CodeOf(Exception e) => e switch
    {
        RunFolderBusyException => Busy,
        TrainingDivergedException => Diverged,
        DataFormatException or SpecException or ModuleSpecException or ModelFileException or ModelSpecMismatchException
            or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or JsonException
            or ArgumentException or IOException => BadInput,
        _ => null,
    };

    /// <summary>The one-line message of an error (a spec error with its caret line).</summary>
    public static string Describe(Exception e) => e switch
    {
        SpecException s => s.Display,
        _ => e.Message,
    };
}
