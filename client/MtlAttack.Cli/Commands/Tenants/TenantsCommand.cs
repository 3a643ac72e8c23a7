using System.CommandLine;
using MtlAttack.Api.Tenancy;
using MtlAttack.Api;
using MtlAttack.Cli.Commands.Shared.Hosting;

namespace MtlAttack.Cli.Commands.Tenants;

/// <summary><c>mtlattack tenants create|key|revoke|list</c>: tenants and their API keys, in the single-node state or the cluster's PostgreSQL.</summary>
public static class TenantsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var state = ServiceOptions.State();
        var postgres = ServiceOptions.Postgres();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the key (for scripts: KEY=$(mtlattack tenants create acme -q))." };

        var tenants = new Command("tenants", "Creates tenants and issues their API keys; keys are stored hashed and shown once.");

        var createName = new Argument<string>("NAME") { Description = "The tenant's name: lower-case letters, digits, '.', '-', '_'." };
        var create = new Command("create", "Creates a tenant and prints its API key.") { createName, state, postgres, quiet };
        create.SetAction(async (parse, cancellation) =>
        {
            var directory = Open(parse, state, postgres);
            string name = parse.GetRequiredValue(createName);
            string key = await Guard(() => directory.CreateTenantAsync(name, cancellation));
            PrintKey(environment, parse.GetValue(quiet), $"Created tenant '{name}' in the {directory}.", key);
            return ExitCodes.Success;
        });

        var keyName = new Argument<string>("NAME") { Description = "An existing tenant." };
        var key = new Command("key", "Issues another API key for an existing tenant (its other keys stay valid).") { keyName, state, postgres, quiet };
        key.SetAction(async (parse, cancellation) =>
        {
            var directory = Open(parse, state, postgres);
            string name = parse.GetRequiredValue(keyName);
            string issued = await Guard(() => directory.AddKeyAsync(name, cancellation));
            PrintKey(environment, parse.GetValue(quiet), $"Issued a new key for tenant '{name}'.", issued);
            return ExitCodes.Success;
        });

        var revokedKey = new Argument<string>("KEY") { Description = "The API key to withdraw (as it was printed)." };
        var revoke = new Command("revoke", "Withdraws one API key; the API refuses it within a minute (it caches known keys that long).") { revokedKey, state, postgres };
        revoke.SetAction(async (parse, cancellation) =>
        {
            var directory = Open(parse, state, postgres);
            string? tenant = await directory.RevokeKeyAsync(ApiKey.Hash(parse.GetRequiredValue(revokedKey).Trim()), cancellation);
            if (tenant is null) throw new UsageException($"No tenant in the {directory} has that key; it may have been revoked already.");
            environment.Out.WriteLine($"Revoked a key of tenant '{tenant}'.");
            return ExitCodes.Success;
        });

        var list = new Command("list", "Lists the tenants and how many keys each has.") { state, postgres };
        list.SetAction(async (parse, cancellation) =>
        {
            var directory = Open(parse, state, postgres);
            var all = await directory.ListAsync(cancellation);
            if (all.Count == 0) environment.Out.WriteLine($"No tenants in the {directory}; create one with 'mtlattack tenants create NAME'.");
            foreach (var t in all) environment.Out.WriteLine($"{t.Name,-32} {t.Keys} key{(t.Keys == 1 ? "" : "s")}  created {t.Created:yyyy-MM-dd HH:mm}Z");
            return ExitCodes.Success;
        });

        tenants.Subcommands.Add(create);
        tenants.Subcommands.Add(key);
        tenants.Subcommands.Add(revoke);
        tenants.Subcommands.Add(list);
        return tenants;
    }

    private static SqlTenantDirectory Open(ParseResult parse, Option<string> state, Option<string?> postgres) =>
        SqlTenantDirectory.FromOptions(new TenantStoreOptions
        {
            Postgres = parse.GetValue(postgres),
            SqlitePath = new StateFolder(parse.GetRequiredValue(state)).Database,
        });

    // A taken or unknown name, or a malformed one, is the user's to fix: exit 2, not 1.
    private static async Task<string> Guard(Func<Task<string>> action)
    {
        try { return await action(); }
        catch (Exception e) when (e is TenantExistsException or KeyNotFoundException or FormatException) { throw new UsageException(e.Message); }
    }

    private static void PrintKey(CliEnvironment environment, bool quiet, string what, string key)
    {
        if (!quiet)
        {
            environment.Out.WriteLine(what);
            environment.Out.WriteLine("Its API key (shown only now; send it in the X-Api-Key header):");
        }
        environment.Out.WriteLine(key);
    }
}
