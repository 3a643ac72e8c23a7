using System.CommandLine;
using System.Globalization;

namespace MtlAttack.Cli.Options;

/// <summary>Option factories shared by every command, so the same kind of value is checked the same way.</summary>
public static class CliOptions
{
    /// <summary>A positive whole number; without <paramref name="defaultValue"/>, <c>GetValue</c> gives 0 when the option is absent.</summary>
    public static Option<int> PositiveInt(string name, string helpName, string description, int? defaultValue = null)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            HelpName = helpName,
        };
        if (defaultValue is int value) option.DefaultValueFactory = _ => value;
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
                result.AddError($"{name} must be a positive whole number, got {result.GetValueOrDefault<int>()}.");
        });
        return option;
    }

    /// <summary>
    /// <c>--save-adversarial N</c> for work the grains do (demo, remote evaluations): at most the service's
    /// <see cref="Abstractions.EvaluationRequest.MaxSaveAdversarial"/>, checked here so that a typo costs no round trip.
    /// <paramref name="where"/> says where the examples end up.
    /// </summary>
    public static Option<int> ServiceSaveAdversarial(string where)
    {
        int max = Abstractions.EvaluationRequest.MaxSaveAdversarial;
        var option = PositiveInt("--save-adversarial", "N",
            $"Also save the first N (at most {max}) adversarial examples of every cell (a PNG strip and a safetensors file per cell); {where}.");
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value > max) result.AddError($"--save-adversarial is at most {max} examples per cell, got {value}.");
        });
        return option;
    }

    /// <summary>A finite number within [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="minExclusive"/> excludes min.</summary>
    public static Option<double> BoundedDouble(string name, string helpName, string description, double defaultValue,
        double min, double max, bool minExclusive = false)
    {
        var option = new Option<double>(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            bool tooLow = minExclusive ? value <= min : value < min;
            if (!double.IsFinite(value) || tooLow || value > max)
                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{name} must be a number in {(minExclusive ? "(" : "[")}{min}, {max}], got {value}."));
        });
        return option;
    }

    public static Option<string> RequiredPath(string name, string helpName, string description) => new(name)
    {
        Description = description,
        Required = true,
        HelpName = helpName,
    };

    /// <summary>Whether the user typed the option, as opposed to it taking its default.</summary>
    public static bool WasGiven(this ParseResult parseResult, Option option) =>
        parseResult.GetResult(option) is { Implicit: false };
}
