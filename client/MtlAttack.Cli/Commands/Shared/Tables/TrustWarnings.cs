using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;

namespace MtlAttack.Cli.Commands.Shared.Tables;

/// <summary>One warning line per reason not to trust the report (report-wide) or a cell, as report.md lists them.</summary>
public static class TrustWarnings
{
    public static void Print(RobustnessReport report, TextWriter output)
    {
        foreach (var line in TrustTables.FlagLines(report)) output.WriteLine($"warning: {line}");
    }
}
