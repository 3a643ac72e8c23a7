using System.Text;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tasks.Reference;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// The reference study's CSV (its Attacker.compute_rel and save_csv), one file per attack algorithm as the reference keeps
/// one per attack method, written from a report made under the reference protocol:
/// <list type="bullet">
/// <item>Columns: version, epsilon, others, avg. acc., avg loss, "&lt;task[:4]&gt; acc." per task, "&lt;task[:4]&gt; loss" per
/// task, then the convention's metric columns (<see cref="ReferenceMetricNames.Columns"/>; empty for a task not evaluated).</item>
/// <item>Rows: the reference's versions, in its loop order: <c>ind_&lt;task[:4]&gt;</c> (single) per task, then
/// <c>total_loss</c> (total), <c>mtl</c> (dgba), <c>sign_sum</c> (signsum), each by increasing epsilon. Cells with no reference
/// version (noise, ensembles, constrained, shaped or targeted objectives) are left out; there is no clean row.</item>
/// <item>Values: metrics are the attacked values rounded to 4 decimals; "&lt;task&gt; acc." the mean over the task's metrics
/// of the signed relative change of the rounded values (negative: degraded), rounded to 6; "&lt;task&gt; loss" (b - v) / b of
/// the reference's loss (batch-pooled for ind_ and total_loss, per-sample for mtl and sign_sum, batch-pooled for the clean
/// b), rounded to 6; avg. acc. and avg loss the means over tasks of those rounded values, rounded to 4. NumPy's rounding and
/// Python's float text (<see cref="PythonNumbers"/>); others is "{}" as the reference's loop passes no options; lines end
/// in CRLF as Python's csv module writes them.</item>
/// </list>
/// </summary>
public static class ReferenceCsv
{
    /// <summary>The file of <paramref name="algorithm"/>'s rows in a report directory, beside our report.csv.</summary>
    public static string FileName(string algorithm) => $"reference-{algorithm}.csv";

    /// <summary>Every algorithm's reference CSV text by its file name; empty unless the report is of the reference protocol.</summary>
    public static IReadOnlyDictionary<string, string> Files(RobustnessReport report)
    {
        var files = new Dictionary<string, string>();
        if (report.ProtocolKind != EvaluationProtocol.Reference) return files;
        foreach (var algorithm in report.Cells.Select(c => c.Algorithm).Distinct().Where(a => !IsEnsemble(a)))
        {
            var rows = Rows(report, algorithm);
            if (rows.Count > 0) files[FileName(algorithm)] = Write(report, rows);
        }
        return files;
    }

    /// <summary>The reference's version name of a cell's objective, or null when the reference has none.</summary>
    public static string? VersionOf(string objective)
    {
        var single = new EvaluationCell("", objective, 0).SingleTask;
        if (single is not null) return "ind_" + Short(single);
        return objective switch
        {
            "total" => "total_loss",
            "dgba" => "mtl",
            "signsum" => "sign_sum",
            _ => null,
        };
    }

    private static string Short(string task) => task.Length <= 4 ? task : task[..4];

    private static bool IsEnsemble(string algorithm)
    {
        try { return AttackCatalog.Algorithm(algorithm) is Ensemble; }
        catch (ArgumentException) { return false; }
    }

    private static List<(string Version, CellReport Cell)> Rows(RobustnessReport report, string algorithm)
    {
        int Rank(CellReport cell)
        {
            var single = new EvaluationCell(cell.Algorithm, cell.Objective, cell.Epsilon).SingleTask;
            if (single is not null) return report.TaskOrder.ToList().IndexOf(single);
            return report.TaskOrder.Count + cell.Objective switch { "total" => 0, "dgba" => 1, _ => 2 };
        }
        return report.Cells
            .Where(c => c.Algorithm == algorithm && VersionOf(c.Objective) is not null)
            .OrderBy(Rank).ThenBy(c => c.Epsilon)
            .Select(c => (VersionOf(c.Objective)!, c))
            .ToList();
    }

    private static string Write(RobustnessReport report, IReadOnlyList<(string Version, CellReport Cell)> rows)
    {
        var tasks = report.TaskOrder;
        var convention = ReferenceConventions.For(tasks);
        var metricColumns = ReferenceMetricNames.Columns(convention);
        var header = new List<string> { "version", "epsilon", "others", "avg. acc.", "avg loss" };
        header.AddRange(tasks.Select(t => Short(t) + " acc."));
        header.AddRange(tasks.Select(t => Short(t) + " loss"));
        header.AddRange(metricColumns);

        var csv = new StringBuilder();
        AppendLine(csv, header);
        foreach (var (version, cell) in rows)
        {
            var values = new Dictionary<string, string>
            {
                ["version"] = version,
                ["epsilon"] = PythonNumbers.Str(cell.Epsilon),
                ["others"] = "{}",
            };
            bool perSampleLoss = version is "mtl" or "sign_sum";
            double accSum = 0, lossSum = 0;
            foreach (var task in tasks)
            {
                var clean = report.Clean[task].Metrics;
                var attacked = cell.Tasks[task].Metrics;
                var definitions = ReferenceMetricNames.For(task, convention);
                double change = 0;
                foreach (var metric in definitions)
                {
                    double b = PythonNumbers.NumpyRound(clean[metric.Name], 4), v = PythonNumbers.NumpyRound(attacked[metric.Name], 4);
                    values[metric.Name] = PythonNumbers.Str(v);
                    change += metric.Goal == MetricGoal.LowerIsBetter ? (b - v) / b : (v - b) / b;
                }
                double acc = PythonNumbers.NumpyRound(change / definitions.Count, 6);
                double baseLoss = clean[ReferenceMetricNames.PooledLoss];
                double loss = attacked[perSampleLoss ? ReferenceMetricNames.PerSampleLoss : ReferenceMetricNames.PooledLoss];
                double lossChange = PythonNumbers.NumpyRound((baseLoss - loss) / baseLoss, 6);
                values[Short(task) + " acc."] = PythonNumbers.Str(acc);
                values[Short(task) + " loss"] = PythonNumbers.Str(lossChange);
                accSum += acc;
                lossSum += lossChange;
            }
            values["avg. acc."] = PythonNumbers.Str(PythonNumbers.NumpyRound(accSum / tasks.Count, 4));
            values["avg loss"] = PythonNumbers.Str(PythonNumbers.NumpyRound(lossSum / tasks.Count, 4));
            AppendLine(csv, header.Select(column => values.GetValueOrDefault(column, "")));
        }
        return csv.ToString();
    }

    /// <summary>One row as Python's csv module writes it: minimal quoting, CRLF.</summary>
    private static void AppendLine(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.Append(string.Join(",", fields.Select(Quote)));
        csv.Append("\r\n");
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
