using System.CommandLine;
using System.CommandLine.Parsing;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Cli.Options;

/// <summary>
/// <c>--tasks</c>: task names separated by commas or '+', or a preset (<c>nyuv2</c>, <c>taskonomy</c>).
/// Parsed in the option so an unknown name is a usage error that lists the valid ones.
/// </summary>
public static class TaskListOption
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Presets = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["nyuv2"] = TaskNames.NyuV2,
        ["taskonomy"] = TaskNames.Taskonomy,
        ["all"] = TaskNames.All,
    };

    public static Option<IReadOnlyList<string>> Create(string description) => new("--tasks")
    {
        Description = description,
        HelpName = "TASKS",
        DefaultValueFactory = _ => TaskNames.NyuV2,
        CustomParser = result => Parse(result),
    };

    /// <summary>As <see cref="Create"/> without a default: the value is null when the option is absent.</summary>
    public static Option<IReadOnlyList<string>?> CreateOptional(string description) => new("--tasks")
    {
        Description = description,
        HelpName = "TASKS",
        CustomParser = result => Parse(result),
    };

    /// <summary>Canonical task names in the reference order, without duplicates; null with an error added when invalid.</summary>
    public static IReadOnlyList<string>? Parse(ArgumentResult result)
    {
        string text = string.Join(',', result.Tokens.Select(t => t.Value));
        try
        {
            return Parse(text);
        }
        catch (ArgumentException e)
        {
            result.AddError(e.Message);
            return null;
        }
    }

    public static IReadOnlyList<string> Parse(string text)
    {
        if (Presets.TryGetValue(text.Trim(), out var preset)) return preset;
        var names = text.Split([',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            throw new ArgumentException($"--tasks is empty; {ValidChoices()}.");
        var unknown = names.Where(n => !TaskNames.All.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown task{(unknown.Count > 1 ? "s" : "")} '{string.Join("', '", unknown)}' in --tasks; {ValidChoices()}.");
        return TaskNames.All.Where(names.Contains).ToList();
    }

    private static string ValidChoices() =>
        $"use {string.Join(", ", TaskNames.All)} (comma-separated) or a preset: {string.Join(", ", Presets.Keys)}";
}
