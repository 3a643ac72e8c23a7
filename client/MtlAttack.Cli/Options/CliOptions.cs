using System.CommandLine;

namespace MtlAttack.Cli.Options;

/// <summary>Option factories shared by every command, so the same kind of value is checked the same way.</summary>
public static class CliOptions
{
    public static Option<int> PositiveInt(string name, string helpName, string description, int defaultValue)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
                result.AddError($"{name} must be a positive whole number, got {result.GetValueOrDefault<int>()}.");
        });
        return option;
    }

    public static Option<string> RequiredPath(string name, string helpName, string description) => new(name)
    {
        Description = description,
        Required = true,
        HelpName = helpName,
    };
}
