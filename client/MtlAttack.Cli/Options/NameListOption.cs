using System.CommandLine;
using System.CommandLine.Parsing;

namespace MtlAttack.Cli.Options;

/// <summary>
/// A comma-separated list of names, e.g. <c>--objectives single,dgba-protect(normal,depth)</c>. Commas inside
/// parentheses belong to the name, so objectives with arguments pass through whole.
/// </summary>
public static class NameListOption
{
    public static Option<IReadOnlyList<string>> Create(string name, string helpName, string description, IReadOnlyList<string> defaultValue) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(name, result),
    };

    public static IReadOnlyList<string> Split(string text)
    {
        var names = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : ',';
            if (c == '(') depth++;
            else if (c == ')') depth = Math.Max(0, depth - 1);
            else if (c == ',' && depth == 0)
            {
                var item = text[start..i].Trim();
                if (item.Length > 0) names.Add(item);
                start = i + 1;
            }
        }
        return names;
    }

    private static IReadOnlyList<string>? Parse(string name, ArgumentResult result)
    {
        var names = result.Tokens.SelectMany(t => Split(t.Value)).ToList();
        if (names.Count > 0) return names.Distinct(StringComparer.Ordinal).ToList();
        result.AddError($"{name} lists nothing; give at least one name.");
        return null;
    }
}
