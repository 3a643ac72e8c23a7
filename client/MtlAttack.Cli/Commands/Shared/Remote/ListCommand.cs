using System.CommandLine;
using MtlAttack.Client;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Shared.Remote;

/// <summary>A <c>list</c> subcommand: fetches a collection and prints it as a table, or says how to fill it when it is empty.</summary>
public static class ListCommand
{
    public static Command Create<T>(string description, Func<MtlAttackClient, CancellationToken, Task<IReadOnlyList<T>>> fetch,
        Func<IReadOnlyList<T>, Table> table, string whenEmpty, RemoteConnection connection, CliEnvironment environment)
    {
        var command = new Command("list", description);
        command.SetRemoteAction(connection, environment, async (_, session, cancellation) =>
        {
            var items = await fetch(session.Client, cancellation);
            if (items.Count == 0) environment.Out.WriteLine(whenEmpty);
            else environment.Console.Write(table(items));
            return ExitCodes.Success;
        });
        return command;
    }
}
