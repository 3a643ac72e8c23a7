using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MtlAttack.Cli.Options;

/// <summary><c>--eps 1,2,4,8,16</c>: budgets in 0..255 pixel units (L-infinity, or per-image L2 for the -l2 algorithms and fgm), checked while parsing.</summary>
public static class EpsilonListOption
{
    public static Option<IReadOnlyList<double>> Create(IReadOnlyList<double> defaultValue) => new("--eps")
    {
        Description = "Budgets in 0..255 pixel units, comma-separated: L-infinity distances for fgsm/pgd/apgd, per-image L2 norms for fgm/pgd-l2/apgd-l2; 0 gives a clean control cell.",
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
                result.AddError($"--eps: '{text}' is not a number; give budgets in 0..255 pixel units, e.g. --eps 1,2,4,8,16.");
                return null;
            }
            if (value < 0 || value > 255)
            {
                result.AddError($"--eps: {text} is outside 0..255; budgets are L-infinity distances in 0..255 pixel units, e.g. --eps 1,2,4,8,16.");
                return null;
            }
            if (!values.Contains(value)) values.Add(value);
        }
        return values;
    }
}
