namespace MtlAttack.Core.Reporting;

/// <summary>The section of report.md and report.html that lists a report's protocol notes (<see cref="Evaluation.RobustnessReport.Notes"/>).</summary>
public static class ProtocolNotes
{
    public const string Heading = "Protocol notes";
}
