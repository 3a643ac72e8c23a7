using System.CommandLine;
using MtlAttack.Api.Contracts;
using MtlAttack.Cli.Commands.Serve;
using MtlAttack.Client;

namespace MtlAttack.Cli.Commands.Shared.Remote;

/// <summary>
/// <c>--server URL</c> and <c>--api-key KEY</c>, given once on the root for every remote command beneath it, falling
/// back on <see cref="ServerVariable"/> and <see cref="ApiKeyVariable"/>.
/// </summary>
public sealed class RemoteConnection
{
    public const string ServerVariable = "MTLATTACK_SERVER";
    public const string ApiKeyVariable = "MTLATTACK_API_KEY";
    public const string ServerOption = "--server";
    public const string ApiKeyOption = "--api-key";

    // Long enough to upload a large checkpoint over a slow link; Ctrl+C stops sooner.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    // No DefaultValueFactory reading the variables: help would print the key.
    public Option<string?> Server { get; } = new(ServerOption)
    {
        Description = $"Remote mode: URL of the MtlAttack API, e.g. {ServeCommand.DefaultUrls} (default: ${ServerVariable}).",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new(ApiKeyOption)
    {
        Description = $"Remote mode: API key sent as {ApiHeaders.ApiKey} (default: ${ApiKeyVariable}).",
        HelpName = "KEY",
        Recursive = true,
    };

    public RemoteSession Open(ParseResult parseResult, CliEnvironment environment)
    {
        string? server = FirstGiven(parseResult.GetValue(Server), Environment.GetEnvironmentVariable(ServerVariable));
        if (server is null)
            throw new UsageException($"remote commands need the API's address: pass --server URL (e.g. --server {ServeCommand.DefaultUrls}, where mtlattack serve listens) or set {ServerVariable}.");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageException($"--server '{server}' is not an http:// or https:// URL; give the API's address, e.g. --server {ServeCommand.DefaultUrls}.");
        // Paths are resolved against the base, which must end in '/' to keep a path prefix such as /mtlattack/.
        var baseAddress = uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");

        var handler = environment.HttpHandlerFactory?.Invoke() ?? new SocketsHttpHandler();
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = RequestTimeout };
        string? apiKey = FirstGiven(parseResult.GetValue(ApiKey), Environment.GetEnvironmentVariable(ApiKeyVariable));
        return new RemoteSession(new MtlAttackClient(http, apiKey), baseAddress, http);
    }

    private static string? FirstGiven(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}

/// <summary>One command's connection to the API; disposing it closes the connection.</summary>
public sealed class RemoteSession(MtlAttackClient client, Uri server, HttpClient http) : IDisposable
{
    public MtlAttackClient Client { get; } = client;
    public Uri Server { get; } = server;

    public void Dispose() => http.Dispose();
}
