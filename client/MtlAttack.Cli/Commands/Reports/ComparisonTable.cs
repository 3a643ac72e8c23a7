using System.Globalization;
using MtlAttack.Api.Contracts;
using MtlAttack.Core.Reporting;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Reports;

/// <summary>
/// <c>reports compare</c> as a table: one row per evaluation x algorithm x objective x epsilon, the average relative
/// drop and each task's, in percent. A task an evaluation's model lacks is left blank.
/// </summary>
public static class ComparisonTable
{
    public static Table Build(ComparisonReport comparison)
    {
        var tasks = comparison.Rows.SelectMany(r => r.TaskRelativeDrop.Keys).Distinct().ToList();
        var table = new Table().Border(TableBorder.Simple).Title("relative drop (%) per evaluation x algorithm x objective x epsilon");
        foreach (var column in new[] { "evaluation", "model", "algorithm", "objective" }) table.AddColumn(column);
        table.AddColumn(new TableColumn("eps").RightAligned());
        table.AddColumn(new TableColumn("avg drop %").RightAligned());
        foreach (var task in tasks) table.AddColumn(new TableColumn(Markup.Escape($"{task} %")).RightAligned());

        foreach (var row in comparison.Rows)
        {
            var taskDrops = tasks.Select(t => row.TaskRelativeDrop.TryGetValue(t, out double drop) ? ReportNumbers.Percent(drop) : "");
            table.AddRow([Markup.Escape(row.Evaluation), Markup.Escape(row.ModelId), Markup.Escape(row.Algorithm), Markup.Escape(row.Objective),
                row.Epsilon.ToString("G", CultureInfo.InvariantCulture), ReportNumbers.Percent(row.AvgRelativeDrop), .. taskDrops]);
        }
        return table;
    }
}
