using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MtlAttack.Api;
using MtlAttack.Cli.Commands.Shared.Hosting;
using MtlAttack.Cli.Options;
using MtlAttack.Silo;

namespace MtlAttack.Cli.Commands.Serve;

/// <summary>
/// <c>mtlattack serve</c>: a single-node service. An embedded silo and the HTTP API in one process, sharing the silo's
/// grain factory (no client hop); grain state, tenants and uploads kept in the state folder across restarts.
/// </summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(CliEnvironment environment)
    {
        var urls = new Option<string>("--urls") { Description = "Where the API listens (semicolon-separated URLs).", HelpName = "URLS", DefaultValueFactory = _ => DefaultUrls };
        var state = ServiceOptions.State();
        var dashboard = CliOptions.PositiveInt("--dashboard-port", "PORT", "Also serve the Orleans dashboard on this port, on localhost (it has no authentication).");
        var datasets = new Option<string?>("--datasets")
        {
            Description = "The folder tenants' dataset SPECs are confined to; relative SPEC paths resolve against it (default: STATE/datasets).",
            HelpName = "DIR",
        };
        var threads = ThreadsOption.Create();
        var command = new Command("serve", "Runs the HTTP API and an embedded silo in this process until stopped (Ctrl+C).") { urls, state, dashboard, datasets, threads };
        command.SetAction(async (parse, cancellation) =>
        {
            var folder = new StateFolder(Path.GetFullPath(parse.GetRequiredValue(state)));
            int? dashboardPort = parse.WasGiven(dashboard) ? parse.GetValue(dashboard) : null;
            string datasetRoot = Path.GetFullPath(parse.GetValue(datasets) ?? folder.Datasets);
            var app = Build(parse.GetRequiredValue(urls), folder, dashboardPort, [], datasetRoot, parse.GetValue(threads));
            await app.StartAsync(cancellation);
            environment.Out.WriteLine($"MtlAttack API on {string.Join(", ", app.Urls)}; state in {folder.Root}; datasets in {datasetRoot}.");
            if (dashboardPort is { } port) environment.Out.WriteLine($"Orleans dashboard on http://localhost:{port}/");
            environment.Out.WriteLine($"Create a tenant and its key with: mtlattack tenants create NAME --state {folder.Root}");
            try { await app.WaitForShutdownAsync(cancellation); }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { }
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The single-node application; <paramref name="args"/> are ASP.NET Core/host settings (tests pass overrides).
    /// Dataset SPECs are confined to <paramref name="datasetRoot"/> (default: the state folder's <c>datasets/</c>, created here);
    /// <paramref name="torchThreads"/> is the silo's torch threads (null: the default).
    /// </summary>
    public static WebApplication Build(string urls, StateFolder folder, int? dashboardPort, string[] args, string? datasetRoot = null, int? torchThreads = null)
    {
        datasetRoot ??= folder.Datasets;
        Directory.CreateDirectory(datasetRoot);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(urls);
        // The console is the operator's: requests and silo chatter only when something is wrong.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ApiOptions.Section}:BlobPath"] = folder.Blobs,
            [$"{ApiOptions.Section}:Tenants:SqlitePath"] = folder.Database,
        });
        builder.AddMtlAttackSilo(o =>
        {
            o.Mode = SiloModes.Embedded;
            o.StatePath = folder.Database;
            // The API shares this process's grain factory, so nobody else needs the silo's ports: any free ones will do,
            // and two services (or a demo) on one machine do not collide.
            o.SiloPort = LocalPorts.Free();
            o.GatewayPort = LocalPorts.Free();
            o.ClusterId = "mtlattack-serve";
            // Tenants name datasets on this machine: only under this folder, so that none can read the server's other files.
            o.DatasetRoots = [datasetRoot];
            o.Dashboard.Enabled = dashboardPort is not null;
            o.Dashboard.Port = dashboardPort ?? o.Dashboard.Port;
            o.TorchThreads = torchThreads;
        });
        builder.AddMtlAttackApi();
        var app = builder.Build();
        app.UseMtlAttackApi();
        return app;
    }
}
