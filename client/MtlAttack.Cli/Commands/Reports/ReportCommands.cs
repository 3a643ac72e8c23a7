using System.CommandLine;
using MtlAttack.Cli.Commands.Shared;
using MtlAttack.Cli.Commands.Shared.Remote;
using MtlAttack.Cli.Options;
using MtlAttack.Api.Contracts;

namespace MtlAttack.Cli.Commands.Reports;

/// <summary><c>mtlattack reports compare</c>: completed evaluations side by side.</summary>
public static class ReportCommands
{
    /// <summary>The terminal table, the default.</summary>
    public const string Table = "table";

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
        var format = new Option<string>("--format")
        {
            Description = $"{Table}: print the table (default); {ComparisonFormats.Html}: a self-contained page with charts (average drop vs epsilon per evaluation x objective) and the table.",
            HelpName = "FORMAT",
            DefaultValueFactory = _ => Table,
        };
        format.AcceptOnlyFromAmong(Table, ComparisonFormats.Html);
        var output = new Option<string?>("--out") { Description = "Write the comparison to this file instead of printing it (html).", HelpName = "FILE" };
        var command = new Command("compare", "Print the average and per-task relative drops of evaluations side by side, or write them as an HTML page with charts.") { ids, format, output };
        command.SetRemoteAction(connection, environment, async (parseResult, session, cancellation) =>
        {
            var wanted = parseResult.GetRequiredValue(ids);
            if (parseResult.GetRequiredValue(format) == ComparisonFormats.Html)
            {
                string html = await session.Client.CompareHtmlAsync(wanted, cancellation);
                await ReportOutput.WriteAsync(html, parseResult.GetValue(output), environment, cancellation);
                return ExitCodes.Success;
            }
            if (parseResult.GetValue(output) is not null)
                throw new UsageException($"--out writes a page: add --format {ComparisonFormats.Html}.");
            var comparison = await session.Client.CompareAsync(wanted, cancellation);
            if (comparison.Rows.Count == 0) environment.Out.WriteLine($"No attack cells to compare in {string.Join(", ", comparison.Evaluations)}.");
            else environment.Console.Write(ComparisonTable.Build(comparison));
            return ExitCodes.Success;
        });
        return command;
    }
}
