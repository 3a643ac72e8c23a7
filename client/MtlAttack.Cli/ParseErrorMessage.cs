using System.CommandLine;
using System.CommandLine.Parsing;

namespace MtlAttack.Cli;

/// <summary>Turns parse errors into one line that names the problem and where to read the options.</summary>
public static class ParseErrorMessage
{
    // Enough to fix a typical typo-laden line in one go, short enough to stay one readable line.
    private const int MaxShown = 3;

    public static string For(ParseResult parseResult)
    {
        var messages = parseResult.Errors.Select(e => e.Message.ReplaceLineEndings(" ").Trim()).Distinct().ToList();
        string problem = messages.Count == 0 ? "invalid command line." : string.Join(" ", messages.Take(MaxShown));
        if (messages.Count > MaxShown) problem += $" (and {messages.Count - MaxShown} more)";
        return $"error: {problem} Run '{CommandPath(parseResult.CommandResult)} --help' for usage.";
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is not null; result = result.Parent)
            if (result is CommandResult { Command: not RootCommand } commandResult)
                names.Add(commandResult.Command.Name);
        names.Add(CliApp.ExecutableName);
        names.Reverse();
        return string.Join(' ', names);
    }
}
