using System.Globalization;
using MtlAttack.Core.Tasks;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Shared.Tables;

/// <summary>Scores of one source (a split, an epoch): every task's metrics and mean loss.</summary>
public sealed record ScoreColumn(
    string Title,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics,
    IReadOnlyDictionary<string, double> Losses);

/// <summary>
/// A table with a row per task metric (and one for its loss) and a column per score source; arrows say which way
/// each metric improves, since the tasks' metrics run in both directions.
/// </summary>
public static class MetricsTable
{
    public static Table Build(IReadOnlyList<VisionTask> tasks, IReadOnlyList<ScoreColumn> columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("task");
        table.AddColumn("metric");
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column.Title)).RightAligned());
        foreach (var task in tasks)
        {
            table.AddRow([Markup.Escape(task.Name), "loss ↓", .. columns.Select(c => Format(c.Losses.GetValueOrDefault(task.Name, double.NaN)))]);
            foreach (var metric in task.Metrics)
            {
                string arrow = metric.Goal == MetricGoal.HigherIsBetter ? "↑" : "↓";
                table.AddRow(["", Markup.Escape($"{metric.Name} {arrow}"), .. columns.Select(c => Format(Value(c, task.Name, metric.Name)))]);
            }
        }
        return table;
    }

    public static string Format(double value) =>
        double.IsFinite(value) ? value.ToString(Math.Abs(value) >= 100 ? "0.00" : "0.0000", CultureInfo.InvariantCulture) : "nan";

    private static double Value(ScoreColumn column, string task, string metric) =>
        column.Metrics.TryGetValue(task, out var metrics) && metrics.TryGetValue(metric, out var value) ? value : double.NaN;
}
