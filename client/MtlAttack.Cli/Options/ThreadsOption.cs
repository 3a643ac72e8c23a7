using System.CommandLine;
using MtlAttack.Core.Native;

namespace MtlAttack.Cli.Options;

/// <summary><c>--threads N</c>: torch's intra-op threads for the command (default: torch's choice).</summary>
public static class ThreadsOption
{
    public static Option<int?> Create()
    {
        var option = new Option<int?>("--threads")
        {
            Description = "Torch threads for the run (default: torch's choice). 1 is much steadier, and often faster, on a machine whose cores are busy with other work.",
            HelpName = "N",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is int n && n < 1) result.AddError($"--threads must be a positive whole number, got {n}.");
        });
        return option;
    }

    /// <summary>Sets torch's threads to the user's choice until the returned scope is disposed; nothing when not given.</summary>
    public static IDisposable UseTorchThreads(this ParseResult parseResult, Option<int?> option) => TorchThreads.Use(parseResult.GetValue(option));
}
