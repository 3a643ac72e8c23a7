using System.CommandLine;
using MtlAttack.Silo.Postgres;

namespace MtlAttack.Cli.Commands.Db;

/// <summary><c>mtlattack db init</c>: creates or updates the PostgreSQL schema of a clustered deployment.</summary>
public static class DbCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var postgres = new Option<string>("--postgres")
        {
            Description = "The cluster's PostgreSQL connection string, e.g. \"Host=db;Database=mtlattack;Username=mtlattack;Password=...\" (the user must be allowed to create tables).",
            HelpName = "CONNECTION",
            Required = true,
        };
        var init = new Command("init",
            "Creates the tables and Orleans queries for membership, grain state and reminders (deploy/postgres/*.sql). " +
            "Safe to run again: existing data is kept and the queries are brought up to date.")
        {
            postgres,
        };
        init.SetAction(async (parseResult, cancellationToken) =>
        {
            string connectionString = parseResult.GetRequiredValue(postgres);
            string target = UsageException.Guard(() => PostgresDatabase.Describe(connectionString), "--postgres: ");
            var applied = await PostgresSchema.ApplyAsync(connectionString, cancellationToken);
            environment.Out.WriteLine($"Applied {string.Join(", ", applied)} to {target}.");
            await PostgresSchema.VerifyAsync(connectionString, cancellationToken);
            environment.Out.WriteLine($"The database serves all {PostgresSchema.RequiredQueryKeys.Count} queries of Orleans' clustering, grain storage and reminders.");
            return ExitCodes.Success;
        });

        return new Command("db", "The clustered deployment's PostgreSQL database.") { init };
    }
}
