using System.CommandLine;
using MtlAttack.Cli.Options;

namespace MtlAttack.Cli.Commands.Remote;

/// <summary><c>mtlattack reports compare</c>: completed evaluations side by side.</summary>
public static class ReportCommands
{
    public static Command Create(RemoteConnection connection, CliEnvironment environment)
    {
        var reports = new Command("reports", "Remote mode: compare the reports of completed evaluations.");
        reports.Subcommands.Add(Compare(connection, environment));
        return reports;
    }

    private static Command Compare(RemoteConnection connection, CliEnvironment environment)
    {
        var ids = NameListOption.Create("--ids", "ID1,ID2,...", "Completed evaluations to compare, comma-separated, in the order to show them.", []);
        // The shared parser, without its default: an absent --ids must be a parse error, not an empty list.
        ids.DefaultValueFactory = null;
        ids.Required = true;
        var command = new Command("compare", "Print the average and per-task relative drops of evaluations side by side.") { ids };
        command.SetRemoteAction(connection, environment, async (parseResult, session, cancellation) =>
        {
            var comparison = await session.Client.CompareAsync(parseResult.GetRequiredValue(ids), cancellation);
            if (comparison.Rows.Count == 0) environment.Out.WriteLine($"No attack cells to compare in {string.Join(", ", comparison.Evaluations)}.");
            else environment.Console.Write(ComparisonTable.Build(comparison));
            return ExitCodes.Success;
        });
        return command;
    }
}
