using System.Globalization;

namespace MtlAttack.Core.Reporting;

/// <summary>How every human-facing report (Markdown, HTML) writes numbers, so the two always agree.</summary>
public static class ReportNumbers
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A raw value (loss, metric, epsilon): up to four decimals, "nan" when undefined.</summary>
    public static string Value(double v) => double.IsFinite(v) ? v.ToString("0.####", Invariant) : "nan";

    /// <summary>A fraction as a percentage with two decimals (0.1234 -> "12.34"), "nan" when undefined.</summary>
    public static string Percent(double fraction) => double.IsFinite(fraction) ? (100 * fraction).ToString("0.00", Invariant) : "nan";
}
