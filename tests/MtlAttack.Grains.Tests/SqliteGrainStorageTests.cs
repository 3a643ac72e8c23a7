using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Grains.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace MtlAttack.Grains.Tests;

public class SqliteGrainStorageTests : IDisposable
{
    private readonly TempFolder folder = new();
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    private static readonly GrainId Grain = GrainId.Create("test", "a/b");

    private SqliteGrainStorage Storage() => new(folder.Sub("db/state.db"), Serializer);

    [Fact]
    public async Task WritesReadsAndClears()
    {
        var storage = Storage();
        var state = new GrainState<ModelRegistration>();
        await storage.ReadStateAsync("model", Grain, state);
        Assert.False(state.RecordExists);

        state.State = new ModelRegistration(ModelKey.Parse("a/b"), "/models/b", "cpu");
        await storage.WriteStateAsync("model", Grain, state);
        state.State = state.State with { CheckpointDirectory = "/models/b2" };
        await storage.WriteStateAsync("model", Grain, state);

        // Another storage over the same file (another silo) sees the latest write.
        var read = new GrainState<ModelRegistration>();
        await Storage().ReadStateAsync("model", Grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal("/models/b2", read.State!.CheckpointDirectory);
        Assert.Equal(state.ETag, read.ETag);

        await storage.ClearStateAsync("model", Grain, read);
        var gone = new GrainState<ModelRegistration>();
        await storage.ReadStateAsync("model", Grain, gone);
        Assert.False(gone.RecordExists);
    }

    [Fact]
    public async Task AStaleWriteIsAConflict()
    {
        var storage = Storage();
        var first = new GrainState<ModelRegistration> { State = new ModelRegistration(ModelKey.Parse("a/b"), "/one") };
        await storage.WriteStateAsync("model", Grain, first);
        var second = new GrainState<ModelRegistration>();
        await storage.ReadStateAsync("model", Grain, second);
        await storage.WriteStateAsync("model", Grain, second);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("model", Grain, first));
        // And a second "first write" of the same grain too.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("model", Grain, new GrainState<ModelRegistration> { State = first.State }));
    }

    public void Dispose() => folder.Dispose();
}
