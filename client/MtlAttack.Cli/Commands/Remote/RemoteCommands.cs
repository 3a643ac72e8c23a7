using System.CommandLine;

namespace MtlAttack.Cli.Commands.Remote;

/// <summary>Remote mode: <c>models</c>, <c>evaluations</c> and <c>reports</c> against the MtlAttack HTTP API, and the root's connection options.</summary>
public static class RemoteCommands
{
    public static void AddTo(RootCommand root, CliEnvironment environment)
    {
        var connection = new RemoteConnection();
        root.Options.Add(connection.Server);
        root.Options.Add(connection.ApiKey);
        root.Subcommands.Add(ModelCommands.Create(connection, environment));
        root.Subcommands.Add(EvaluationCommands.Create(connection, environment));
        root.Subcommands.Add(ReportCommands.Create(connection, environment));
    }
}
