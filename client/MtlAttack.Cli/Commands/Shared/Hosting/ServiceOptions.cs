using System.CommandLine;

namespace MtlAttack.Cli.Commands.Shared.Hosting;

/// <summary>The options <c>serve</c> and <c>tenants</c> share: where the single-node state lives, or the cluster's PostgreSQL.</summary>
public static class ServiceOptions
{
    public static Option<string> State() => new("--state")
    {
        Description = "The single-node state folder: grain state and tenants (state.db), uploaded checkpoints and saved adversarial examples (blobs/).",
        HelpName = "DIR",
        DefaultValueFactory = _ => StateFolder.DefaultRoot,
    };

    public static Option<string?> Postgres() => new("--postgres")
    {
        Description = "A clustered deployment's PostgreSQL connection string; tenants are kept there instead of in --state.",
        HelpName = "CONNECTION",
    };
}
