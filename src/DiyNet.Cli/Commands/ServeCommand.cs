using System.CommandLine;
using DiyNet.Cli.Serving;

namespace DiyNet.Cli.Commands;

/// <summary><c>diynet serve</c>: answers predictions over HTTP with a trained model until Ctrl-C.</summary>
internal static class ServeCommand
{
    private const string Example = """

        Example:
          diynet serve --model out/iris/best.safetensors --port 8080
          curl -s localhost:8080/predict -d '{"rows": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}'
          → {"predictions":[{"class":"setosa","index":0,"probabilities":[0.98,…]},…]}

        POST /predict takes {"rows": [[x1, …, xd], …]} (rows as in the training data: the model applies its own
        feature scaling) and answers one prediction per row: class, index and probabilities for a classifier, values
        for a regression. GET /health and GET /model (architecture, parameter count, input width) describe it. A
        request with bad JSON, a row of the wrong width, a NaN or infinity, no rows, more than --max-rows rows or a
        body over --max-body-bytes is answered 400 with {"error": "…"}. Ctrl-C stops the server.
        """;

    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "A model file (diynet train's, or any DiyNet model file).", Required = true };
        var port = new Option<int>("--port", "-p") { Description = "The TCP port (0: any free port; the address is printed).", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "The address to listen on (127.0.0.1: this machine only).", DefaultValueFactory = _ => "127.0.0.1" };
        var maxBody = new Option<long>("--max-body-bytes") { Description = "The largest request body accepted.", DefaultValueFactory = _ => ServeOptions.DefaultMaxBodyBytes };
        var maxRows = new Option<int>("--max-rows") { Description = "The most rows in one request.", DefaultValueFactory = _ => ServeOptions.DefaultMaxRows };
        var verbose = CommandErrors.Verbose();
        var command = new Command("serve", "Serve a trained model over HTTP: POST /predict, GET /health, GET /model." + Example + CommandErrors.ExitCodes)
        {
            model, port, host, maxBody, maxRows, verbose,
        };
        command.SetAction(parse => CommandErrors.Run(parse, "serve", verbose, (stdout, stderr) =>
        {
            var options = new ServeOptions
            {
                Host = ServeOptions.ParseHost(parse.GetValue(host)!), Port = parse.GetValue(port),
                MaxBodyBytes = parse.GetValue(maxBody), MaxRows = parse.GetValue(maxRows),
            };
            options.Validate();
            var served = ServedModel.Load(parse.GetValue(model)!);
            var server = ModelServer.StartAsync(served, options, stderr).GetAwaiter().GetResult();
            try
            {
                string classes = served.Classes is null ? "values" : "classes " + string.Join(", ", served.Classes.Take(10)) + (served.Classes.Length > 10 ? ", …" : "");
                stdout.WriteLine($"diynet serve: {served.File}: {served.Parameters:N0} parameters, rows of {served.InputWidth} values, {served.Outputs} outputs ({classes})");
                stdout.WriteLine($"diynet serve: listening on {server.Address} (POST /predict, GET /health, GET /model); Ctrl-C stops");
                stdout.Flush();
                server.WaitForShutdownAsync().GetAwaiter().GetResult();
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            stdout.WriteLine($"diynet serve: stopped after {server.Requests} predict requests.");
            return CommandErrors.Ok;
        }));
        return command;
    }
}
