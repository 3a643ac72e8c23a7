using System.CommandLine;
using System.CommandLine.Parsing;
using MtlAttack.Cli.Commands.Evaluations;
using MtlAttack.Cli.Commands.Models;
using MtlAttack.Cli.Commands.Reports;

namespace MtlAttack.Cli.Commands.Shared.Remote;

/// <summary>Remote mode: <c>models</c>, <c>evaluations</c> and <c>reports</c> against the MtlAttack HTTP API, and the root's connection options.</summary>
public static class RemoteCommands
{
    public static readonly IReadOnlyList<string> RemoteCommandNames = ["models", "evaluations", "reports"];

    public static void AddTo(RootCommand root, CliEnvironment environment)
    {
        var connection = new RemoteConnection();
        root.Options.Add(connection.Server);
        root.Options.Add(connection.ApiKey);
        root.Subcommands.Add(ModelCommands.Create(connection, environment));
        root.Subcommands.Add(EvaluationCommands.Create(connection, environment));
        root.Subcommands.Add(ReportCommands.Create(connection, environment));
    }

    /// <summary>
    /// The connection options are the root's, so that they may come first (<c>mtlattack --server URL models list</c>),
    /// and a local command would silently ignore them: <c>mtlattack train --server URL</c> trains here, not there.
    /// The error that says so, or null.
    /// </summary>
    public static string? MisplacedConnectionOption(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var top = parse.CommandResult;
        while (top.Parent is CommandResult { Parent: not null } parent) top = parent;
        if (top.Parent is null || RemoteCommandNames.Contains(top.Command.Name)) return null;
        foreach (string option in new[] { RemoteConnection.ServerOption, RemoteConnection.ApiKeyOption })
        {
            if (parse.GetResult(option) is OptionResult { Implicit: false })
                return $"{option} is for the remote commands ({string.Join(", ", RemoteCommandNames)}); '{top.Command.Name}' runs on this machine. Drop {option}.";
        }
        return null;
    }
}
