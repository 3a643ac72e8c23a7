using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MtlAttack.Core.Attacks.Threats;

namespace MtlAttack.Cli.Options;

/// <summary>
/// <c>--eps 1,2,4,8,16</c>: budgets in pixel units (L-infinity, or per-image L2 for the -l2 algorithms and fgm), each a
/// finite number >= 0, checked while parsing; the bound of each norm is checked against the algorithms
/// (<see cref="AttackSuiteOptions.CheckBudgets"/>).
/// </summary>
public static class EpsilonListOption
{
    public static Option<IReadOnlyList<double>> Create(IReadOnlyList<double> defaultValue) => new("--eps")
    {
        Description = $"Budgets in pixel units, comma-separated: L-infinity distances for {AttackSuiteOptions.AlgorithmsUnder(ThreatModel.Linf)} (0..255), "
            + $"per-image L2 norms for {AttackSuiteOptions.AlgorithmsUnder(ThreatModel.L2)} "
            + "(0 to 255 * sqrt(C*H*W), the image's L2 diameter); 0 gives a clean control cell.",
        HelpName = "E1,E2,...",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = Parse,
    };

    private static IReadOnlyList<double>? Parse(ArgumentResult result)
    {
        var texts = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (texts.Count == 0)
        {
            result.AddError("--eps lists no budget; give at least one, e.g. --eps 1,2,4,8,16.");
            return null;
        }
        var values = new List<double>();
        foreach (var text in texts)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                result.AddError($"--eps: '{text}' is not a number; give budgets in pixel units, e.g. --eps 1,2,4,8,16.");
                return null;
            }
            if (value < 0)
            {
                result.AddError($"--eps: {text} is negative; budgets are distances in pixel units, 0..255 for L-infinity and 0..255 * sqrt(C*H*W) for L2, e.g. --eps 1,2,4,8,16.");
                return null;
            }
            if (!values.Contains(value)) values.Add(value);
        }
        return values;
    }
}
