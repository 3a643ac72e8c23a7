using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MtlAttack.Grains;
using MtlAttack.Grains.Evaluations;
using MtlAttack.Grains.Tenants;
using Orleans.Storage;

namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>
/// Grain state and reminders through the providers a clustered silo registers, against our PostgreSQL queries: values
/// come back as written, and the version (etag) rules hold, which the evaluation's batch log and membership rely on.
/// </summary>
public sealed class ProviderRoundTripTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private IHost silo = null!;

    public async Task InitializeAsync()
    {
        if (TestPostgres.UnavailableReason is null) silo = await new ClusteredHosts(database.ConnectionString).StartSilo("cpu");
    }

    public async Task DisposeAsync()
    {
        if (silo is null) return;
        await silo.StopAsync();
        silo.Dispose();
    }

    [PostgresFact]
    public async Task GrainStateRoundTripsInOrleansBinaryFormatAndRefusesStaleWrites()
    {
        // A string key (stored as the id's extension string) and a Guid key (no extension).
        foreach (var grainId in new[] { GrainId.Create("tenant", "acme"), GrainId.Create(GrainType.Create("tenant"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())) })
        {
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
            var original = new TenantGrainState { Evaluations = ["e1", "e2"] };
            // An immutable positional record: what the binary serializer round-trips by its [Id]s.
            original.Models["m"] = new ModelRegistration(ModelKey.Create("acme", "m"), "/models/m", Accelerators.Cpu);
            var written = new GrainState<TenantGrainState>(original);

            await storage.WriteStateAsync("tenant", grainId, written);
            Assert.Equal("1", written.ETag);
            var read = new GrainState<TenantGrainState>(new TenantGrainState());
            await storage.ReadStateAsync("tenant", grainId, read);
            Assert.True(read.RecordExists);
            Assert.Equal("1", read.ETag);
            Assert.Equal(["e1", "e2"], read.State!.Evaluations);
            Assert.Equal(original.Models["m"], read.State.Models["m"]);

            // A second creation (no etag) and a write from an old version both lose.
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tenant", grainId, new GrainState<TenantGrainState>(new TenantGrainState())));
            read.State.Evaluations.Add("e3");
            await storage.WriteStateAsync("tenant", grainId, read);
            Assert.Equal("2", read.ETag);
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tenant", grainId, written));

            // Clearing keeps the row's version moving, so the stale copy still cannot write.
            await storage.ClearStateAsync("tenant", grainId, read);
            Assert.False(read.RecordExists);
            Assert.Equal("3", read.ETag);
            var cleared = new GrainState<TenantGrainState>(new TenantGrainState());
            await storage.ReadStateAsync("tenant", grainId, cleared);
            Assert.Equal("3", cleared.ETag);
            Assert.Empty(cleared.State!.Evaluations);
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tenant", grainId, written));
        }
    }

    [PostgresFact]
    public async Task AnEvaluationsBatchLogIsClearedRecordByRecord()
    {
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        string evaluation = "forget-" + Guid.NewGuid().ToString("N");
        var log = new EvaluationBatchLog(storage, evaluation);
        for (int batch = 0; batch < 3; batch++)
            await log.Append(new BatchStatistics(new WorkItem(null, batch), new Dictionary<string, TaskStatisticsData> { ["normal"] = new([1.0], 2.0, 4) }));

        await log.Clear();

        Assert.Equal(0, log.Count);
        // A fresh reader (an activation after the clear) finds nothing, though the rows keep their versions.
        Assert.Empty(await new EvaluationBatchLog(storage, evaluation).ReadNew());
    }

    [PostgresFact]
    public async Task RemindersRoundTripAndAreFoundByTheirSliceOfTheHashRing()
    {
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var grain = GrainId.Create("evaluation", "reminders-" + Guid.NewGuid().ToString("N"));
        var start = new DateTime(2030, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        var entry = new ReminderEntry { GrainId = grain, ReminderName = "resume", StartAt = start, Period = TimeSpan.FromMinutes(1) };

        string etag = await table.UpsertRow(entry) ?? throw new InvalidOperationException("no etag");

        var row = await table.ReadRow(grain, "resume");
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(start, row.StartAt.ToUniversalTime());
        Assert.Equal(TimeSpan.FromMinutes(1), row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Single((await table.ReadRows(grain)).Reminders);

        // Longer than int milliseconds: stored as bigint.
        string updated = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "resume", StartAt = start, Period = TimeSpan.FromDays(30) })
            ?? throw new InvalidOperationException("no etag");
        Assert.NotEqual(etag, updated);
        Assert.Equal(TimeSpan.FromDays(30), (await table.ReadRow(grain, "resume"))!.Period);

        uint hash = grain.GetUniformHashCode();
        Assert.Contains((await table.ReadRows(hash - 1, hash)).Reminders, r => r.GrainId == grain);
        Assert.DoesNotContain((await table.ReadRows(hash, hash + 1)).Reminders, r => r.GrainId == grain);
        // A slice that wraps around the ring (begin > end), and the whole ring (begin = end).
        Assert.Contains((await table.ReadRows(hash + 1, hash)).Reminders, r => r.GrainId == grain);
        Assert.Contains((await table.ReadRows(hash, hash)).Reminders, r => r.GrainId == grain);

        Assert.False(await table.RemoveRow(grain, "resume", etag));
        Assert.True(await table.RemoveRow(grain, "resume", updated));
        Assert.Null(await table.ReadRow(grain, "resume"));
    }
}
