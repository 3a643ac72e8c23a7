namespace MtlAttack.Silo.Postgres;

/// <summary>
/// Fails a clustered silo's start when PostgreSQL is unreachable or lacks the schema, with a message that says so and
/// names the command to run, instead of the providers' "relation orleansquery does not exist" deep in membership start-up.
/// </summary>
internal sealed class PostgresSchemaCheck(string connectionString) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaCheck), ServiceLifecycleStage.First, cancellationToken => PostgresSchema.VerifyAsync(connectionString, cancellationToken));
}
