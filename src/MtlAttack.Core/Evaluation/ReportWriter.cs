using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MtlAttack.Core.Reporting;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// Writes a report directory: report.json for programs, report.csv for spreadsheets, report.md and report.html (the
/// same tables with charts) for people; under the reference protocol also the reference's own CSV per algorithm
/// (<see cref="ReferenceCsv"/>) beside report.csv.
/// </summary>
public static class ReportWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string directory, RobustnessReport report)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "report.json"), ToJson(report));
        File.WriteAllText(Path.Combine(directory, "report.csv"), ToCsv(report));
        File.WriteAllText(Path.Combine(directory, "report.md"), ToMarkdown(report));
        File.WriteAllText(Path.Combine(directory, HtmlFileName), ToHtml(report));
        foreach (var (name, text) in ReferenceCsv.Files(report))
            File.WriteAllText(Path.Combine(directory, name), text);
    }

    public const string HtmlFileName = "report.html";

    /// <summary>The heading of the section of report.md and report.html that lists a report's protocol notes (<see cref="RobustnessReport.Notes"/>).</summary>
    public const string ProtocolNotesHeading = "Protocol notes";

    /// <summary>A self-contained page (inline CSS and SVG charts, no scripts or fetches) with report.md's numbers.</summary>
    public static string ToHtml(RobustnessReport report) => ReportHtml.Render(report);

    public static string ToJson(RobustnessReport report) => JsonSerializer.Serialize(report, Json);

    public static RobustnessReport FromJson(string json) =>
        JsonSerializer.Deserialize<RobustnessReport>(json, Json) ?? throw new InvalidDataException("The report JSON is empty.");

    /// <summary>
    /// The reference study's columns: version, epsilon, others, avg. acc., avg loss, then per task
    /// "&lt;task&gt; acc." and "&lt;task&gt; loss", then every raw metric. "acc." columns hold the relative drop
    /// in percent (0 for the clean row), "avg loss" the average relative loss change in percent, "&lt;task&gt; loss" the mean loss.
    /// The noise baselines are not rows: the reference layout has only the clean row and the attacks (report.json,
    /// report.md and report.html carry the noise).
    /// </summary>
    public static string ToCsv(RobustnessReport report)
    {
        var tasks = report.TaskOrder;
        var metricColumns = tasks.SelectMany(t => report.Clean[t].Metrics.Keys.Select(m => (Task: t, Metric: m))).ToList();
        var header = new List<string> { "version", "epsilon", "others", "avg. acc.", "avg loss" };
        foreach (var t in tasks) { header.Add($"{t} acc."); header.Add($"{t} loss"); }
        header.AddRange(metricColumns.Select(c => $"{c.Task} {c.Metric}"));

        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", header.Select(Quote)));
        var clean = new List<string> { "clean", "0", "", F(0), F(0) };
        foreach (var t in tasks) { clean.Add(F(0)); clean.Add(F(report.Clean[t].Loss)); }
        clean.AddRange(metricColumns.Select(c => F(report.Clean[c.Task].Metrics[c.Metric])));
        csv.AppendLine(string.Join(",", clean.Select(Quote)));

        foreach (var cell in report.Cells)
        {
            var row = new List<string> { $"{cell.Algorithm}-{cell.Objective}", F(cell.Epsilon), "", F(100 * cell.AvgRelativeDrop), F(100 * cell.AvgRelativeLossChange) };
            foreach (var t in tasks) { row.Add(F(100 * cell.Tasks[t].RelativeDrop)); row.Add(F(cell.Tasks[t].Loss)); }
            row.AddRange(metricColumns.Select(c => F(cell.Tasks[c.Task].Metrics[c.Metric])));
            csv.AppendLine(string.Join(",", row.Select(Quote)));
        }
        return csv.ToString();
    }

    public static string ToMarkdown(RobustnessReport report)
    {
        var md = new StringBuilder();
        var tasks = report.TaskOrder;
        md.AppendLine($"# Robustness report: {report.Model}");
        md.AppendLine();
        md.AppendLine($"Dataset: `{report.Dataset}`. Drops are relative to the clean model, in percent; higher means the attack hurt more.");
        md.AppendLine();
        if (report.Notes is { Count: > 0 } notes)
        {
            md.AppendLine($"## {ProtocolNotesHeading}");
            md.AppendLine();
            foreach (var note in notes) md.AppendLine($"- {note}");
            md.AppendLine();
        }
        md.AppendLine("## Clean baseline");
        md.AppendLine();
        md.AppendLine("| task | loss | metrics |");
        md.AppendLine("|---|---:|---|");
        foreach (var t in tasks)
            md.AppendLine($"| {t} | {F(report.Clean[t].Loss)} | {string.Join(", ", report.Clean[t].Metrics.Select(m => $"{m.Key} {F(m.Value)}"))} |");
        md.AppendLine();

        var epsilons = report.Cells.Select(c => c.Epsilon).Distinct().Order().ToList();
        md.AppendLine("## Average relative drop (%)");
        md.AppendLine();
        md.AppendLine("| attack | " + string.Join(" | ", epsilons.Select(e => $"eps {F(e)}")) + " |");
        md.AppendLine("|---|" + string.Concat(epsilons.Select(_ => "---:|")));
        foreach (var (attack, drops) in TrustTables.AverageDropRows(report, epsilons).Concat(TrustTables.NoiseRows(report, epsilons)))
            md.AppendLine($"| {attack} | " + string.Join(" | ", drops.Select(Bold)) + " |");
        md.AppendLine();
        md.AppendLine("Bold: the strongest objective for that algorithm and epsilon.");
        md.AppendLine();

        if (report.NoiseCells.Count > 0)
        {
            md.AppendLine("## Above noise (percentage points)");
            md.AppendLine();
            md.AppendLine(TrustTables.AboveNoiseExplanation);
            md.AppendLine();
            md.AppendLine("| attack | " + string.Join(" | ", epsilons.Select(e => $"eps {F(e)}")) + " |");
            md.AppendLine("|---|" + string.Concat(epsilons.Select(_ => "---:|")));
            foreach (var (attack, above) in TrustTables.AboveNoiseRows(report, epsilons))
                md.AppendLine($"| {attack} | " + string.Join(" | ", above.Select(Bold)) + " |");
            md.AppendLine();
        }

        md.AppendLine("## Per-task relative drop (%)");
        md.AppendLine();
        md.AppendLine("| attack | eps | " + string.Join(" | ", tasks) + " | avg | avg loss change |");
        md.AppendLine("|---|---:|" + string.Concat(tasks.Select(_ => "---:|")) + "---:|---:|");
        foreach (var c in report.Cells)
            md.AppendLine($"| {c.Algorithm} x {c.Objective} | {F(c.Epsilon)} | " + string.Join(" | ", tasks.Select(t => P(c.Tasks[t].RelativeDrop))) + $" | {P(c.AvgRelativeDrop)} | {P(c.AvgRelativeLossChange)} |");
        md.AppendLine();

        var goals = GoalTable.Rows(report);
        if (goals.Count > 0)
        {
            md.AppendLine("## Targeted goals");
            md.AppendLine();
            md.AppendLine(GoalTable.Explanation);
            md.AppendLine();
            md.AppendLine("| " + string.Join(" | ", GoalTable.Header) + " |");
            md.AppendLine("|---|---:|---|---:|---:|");
            foreach (var row in goals) md.AppendLine("| " + string.Join(" | ", row) + " |");
            md.AppendLine();
        }

        md.AppendLine("## Diagnostics");
        md.AppendLine();
        md.AppendLine(TrustTables.DiagnosticsExplanation);
        md.AppendLine();
        var flags = TrustTables.FlagLines(report);
        if (flags.Count == 0) md.AppendLine(TrustTables.NoFlags);
        foreach (var line in flags) md.AppendLine($"- {line}");
        md.AppendLine();

        if (report.Transfer.Count > 0)
        {
            md.AppendLine("## Task transfer (%)");
            md.AppendLine();
            md.AppendLine("Rows: the task a single-task attack aimed at. Columns: the relative drop of every task.");
            foreach (var m in report.Transfer)
            {
                md.AppendLine();
                md.AppendLine($"### {m.Algorithm}, eps {F(m.Epsilon)}");
                md.AppendLine();
                md.AppendLine("| attacked \\ affected | " + string.Join(" | ", m.Tasks) + " |");
                md.AppendLine("|---|" + string.Concat(m.Tasks.Select(_ => "---:|")));
                for (int i = 0; i < m.Tasks.Count; i++)
                    md.AppendLine($"| {m.Tasks[i]} | " + string.Join(" | ", m.RelativeDrop[i].Select(P)) + " |");
            }
        }
        return md.ToString();
    }

    private static string F(double v) => ReportNumbers.Value(v);
    private static string P(double v) => ReportNumbers.Percent(v);
    private static string Bold(TableCell cell) => cell.Strong ? $"**{cell.Text}**" : cell.Text;
    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
