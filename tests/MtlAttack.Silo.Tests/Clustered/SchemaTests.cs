using MtlAttack.Silo.Postgres;

namespace MtlAttack.Silo.Tests.Clustered;

public class SchemaTests(EmptyTestDatabase database) : IClassFixture<EmptyTestDatabase>
{
    [PostgresFact]
    public async Task AppliesConcurrentlyAndAgainWithoutErrorsOrLosingDataAndProvidesEveryProviderQuery()
    {
        Assert.Equal(PostgresSchema.RequiredQueryKeys, await PostgresSchema.MissingQueryKeysAsync(database.ConnectionString));

        // Two silos (or operators) initialising at once take turns.
        await Task.WhenAll(PostgresSchema.ApplyAsync(database.ConnectionString), PostgresSchema.ApplyAsync(database.ConnectionString));
        await database.Scalar("INSERT INTO mtlattack_membership_version (deployment_id, version) VALUES ('kept', 7)");

        var applied = await PostgresSchema.ApplyAsync(database.ConnectionString);

        Assert.Equal(["01-orleans-queries.sql", "02-clustering.sql", "03-grain-storage.sql", "04-reminders.sql"], applied);
        Assert.Equal(7, await database.Scalar("SELECT version FROM mtlattack_membership_version WHERE deployment_id = 'kept'"));
        Assert.Empty(await PostgresSchema.MissingQueryKeysAsync(database.ConnectionString));
        // Exactly the providers' keys: a typo in a script would show up as a missing and an extra key.
        Assert.Equal((long)PostgresSchema.RequiredQueryKeys.Count, await database.Scalar("SELECT count(*) FROM OrleansQuery"));
        await PostgresSchema.VerifyAsync(database.ConnectionString);
    }
}

public class MissingSchemaTests(EmptyTestDatabase database) : IClassFixture<EmptyTestDatabase>
{
    [PostgresFact]
    public async Task AClusteredSiloOnADatabaseWithoutTheSchemaRefusesToStartAndNamesTheCommandThatCreatesIt()
    {
        using var silo = new ClusteredHosts(database.ConnectionString).BuildSilo("cpu");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => silo.StartAsync());

        string messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("has no MtlAttack schema", messages);
        Assert.Contains("mtlattack db init", messages);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }
}

public class PostgresConfigurationTests
{
    [Fact]
    public async Task AnUnreachableServerIsReportedWithItsAddressAndNoPassword()
    {
        int closedPort = LocalPorts.Free();
        string connectionString = $"Host=127.0.0.1;Port={closedPort};Database=mtlattack;Username=u;Password=secret;Timeout=5";

        var error = await Assert.ThrowsAsync<PostgresUnavailableException>(() => PostgresSchema.ApplyAsync(connectionString));

        Assert.Contains($"127.0.0.1:{closedPort}/mtlattack as u", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Host=db;Bogus Key=1")]
    public void ClusteredModeWithoutAUsableConnectionStringIsRefusedSayingWhatToSet(string? postgres)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();

        var error = Assert.Throws<ArgumentException>(() =>
        {
            builder.AddMtlAttackSilo(o => { o.Mode = SiloModes.Clustered; o.Postgres = postgres; });
            builder.Build();
        });

        Assert.Contains(postgres is null ? "MtlAttack:Silo:Postgres" : "connection string is not valid", error.Message);
    }
}
