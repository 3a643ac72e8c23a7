using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Grains.Tests;
using MtlAttack.Silo.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>
/// PostgreSQL going away in the middle of a clustered evaluation, for a restart's seconds or a failover's minute: the
/// evaluation waits, says why, and completes once the database is back with the numbers of an uninterrupted run (no
/// batch lost or counted twice). The minute-long outage outlasts the grains' longest retry pause (10 s) several times
/// over and the silos' membership and reminder reads against the same database.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder folder = new();

    [PrivatePostgresTheory]
    [InlineData(6)]
    [InlineData(70)]
    public async Task AnEvaluationWaitsOutADatabaseOutageAndCompletesWithTheUninterruptedNumbers(int outageSeconds)
    {
        var outage = TimeSpan.FromSeconds(outageSeconds);
        var model = ModelKey.Create($"outage{outageSeconds}", "m");
        string checkpoint = TinyModels.Save(folder.Sub("tiny"));
        string reference = await ReferenceRuns.EmbeddedReportJson(folder, checkpoint, Request(model));

        // A server of its own: the test stops it, which other tests' shared server must not see.
        using var server = PrivatePostgresServer.Start(PrivatePostgresServer.FindBinaries()!);
        string connectionString = await CreateDatabase(server);
        var cluster = new ClusteredHosts(connectionString);
        using var silo = await cluster.StartSilo(Accelerators.Cuda, o => o.AllowCpuFallback = true);
        try
        {
            using var client = await cluster.StartClient();
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var tenant = grains.GetGrain<ITenantGrain>(model.Tenant);
            await tenant.RegisterModel(model.Model, checkpoint);
            var evaluation = grains.GetGrain<IEvaluationGrain>(await tenant.StartEvaluation(Request(model)));
            EvaluationStatus status;
            while ((status = await evaluation.GetStatus()).BatchesDone < 2) await Task.Delay(20);
            Assert.True(status.BatchesDone < status.BatchesTotal, "the database must go away part-way through");

            var down = Stopwatch.StartNew();
            server.Halt();
            output.WriteLine($"PostgreSQL stopped at {status.BatchesDone}/{status.BatchesTotal} batches ({down.ElapsedMilliseconds} ms to stop)");

            // The evaluation goes on running and says what it waits for (its grain answers from memory).
            for (var deadline = DateTime.UtcNow.AddSeconds(30); (status = await evaluation.GetStatus()).Waiting is null; await Task.Delay(50))
                Assert.True(DateTime.UtcNow < deadline, $"the evaluation never said it waits for the database: {status}");
            output.WriteLine($"waiting after {down.ElapsedMilliseconds} ms: {status.Waiting}");
            Assert.Equal(EvaluationState.Running, status.State);
            Assert.Contains("PostgreSQL", status.Waiting);
            int doneWhileDown = status.BatchesDone;

            // Work that needs the database meanwhile is refused as unavailable, naming it, rather than failing obscurely.
            var refused = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.StartEvaluation(Request(model) with { Seed = 4 }));
            output.WriteLine($"a new evaluation meanwhile: {refused.Kind}: {refused.Message}");
            Assert.Equal(MtlAttackErrorKind.Unavailable, refused.Kind);
            Assert.Contains("PostgreSQL", refused.Message);
            // A grain that must read its state to activate fails before any grain code runs; its error still names the
            // database (the API's 503 reads it the same way).
            var unread = await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<IEvaluationGrain>($"{model.Tenant}.not-loaded").GetStatus());
            output.WriteLine($"an evaluation not in memory meanwhile: {unread.GetType().Name}: {StorageOutage.Describe(unread) ?? unread.ToString()}");
            Assert.Equal("PostgreSQL", StorageOutage.StoreOf(unread));

            var rest = outage - down.Elapsed;
            if (rest > TimeSpan.Zero) await Task.Delay(rest);
            status = await evaluation.GetStatus();
            Assert.Equal(EvaluationState.Running, status.State);
            Assert.Equal(doneWhileDown, status.BatchesDone); // nothing is counted that is not stored
            server.Resume();
            output.WriteLine($"PostgreSQL back after {down.Elapsed.TotalSeconds:F1} s");

            var backAt = down.Elapsed;
            status = await ReferenceRuns.UntilFinished(evaluation);
            output.WriteLine($"completed {(down.Elapsed - backAt).TotalSeconds:F1} s after the database came back");
            Assert.Equal(EvaluationState.Completed, status.State);
            Assert.Null(status.Error);
            Assert.Equal(status.BatchesTotal, status.BatchesDone);
            // Every batch counted once: a batch lost or merged twice would change the numbers.
            Assert.Equal(reference, await evaluation.GetReportJson());
            await client.StopAsync();
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    private static async Task<string> CreateDatabase(PrivatePostgresServer server)
    {
        await using (var connection = await PostgresDatabase.OpenAsync(server.AdminConnectionString))
        await using (var command = new NpgsqlCommand("CREATE DATABASE outage", connection))
            await command.ExecuteNonQueryAsync();
        string connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = "outage", Pooling = true }.ToString();
        await PostgresSchema.ApplyAsync(connectionString);
        return connectionString;
    }

    private static EvaluationRequest Request(ModelKey model) => new()
    {
        Model = model,
        Dataset = TinyModels.Dataset,
        Algorithms = ["fgsm", "pgd"],
        Objectives = ["single", "dgba"],
        Epsilons = [2, 4],
        Steps = 5,
        BatchSize = 2,
        Seed = 3,
    };

    public void Dispose() => folder.Dispose();
}
