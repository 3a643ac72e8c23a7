using System.CommandLine;
using MtlAttack.Core.Native;

namespace MtlAttack.Cli.Options;

/// <summary><c>--threads N</c>: torch's intra-op threads for the command (default <see cref="TorchThreads.Default"/>, one; see there why).</summary>
public static class ThreadsOption
{
    public static Option<int?> Create()
    {
        var option = new Option<int?>("--threads")
        {
            Description = "Torch intra-op threads for the run (default 1: fastest for the small CPU models, steady when other work uses the cores, and bit-reproducible). More can pay off for resnet backbones on an idle machine.",
            HelpName = "N",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is int n && n < 1) result.AddError($"--threads must be a positive whole number, got {n}.");
        });
        return option;
    }

    /// <summary>Sets torch's threads to the user's choice, or the default when not given, until the returned scope is disposed.</summary>
    public static IDisposable UseTorchThreads(this ParseResult parseResult, Option<int?> option) => TorchThreads.Use(parseResult.GetValue(option));
}
