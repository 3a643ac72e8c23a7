using Orleans.Serialization;
using Orleans.Storage;

namespace MtlAttack.Grains.Tests;

/// <summary>One write that reached the storage: which state of which grain, and its serialized size.</summary>
public sealed record StorageWrite(string StateName, GrainId Grain, int Bytes);

/// <summary>A grain storage that passes every call to another and remembers each write and its size.</summary>
public sealed class RecordingGrainStorage(IGrainStorage inner, Serializer serializer) : IGrainStorage
{
    private readonly List<StorageWrite> writes = [];

    public IReadOnlyList<StorageWrite> Writes { get { lock (writes) return writes.ToList(); } }

    public IGrainStorage Inner => inner;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        int bytes = serializer.SerializeToArray(grainState.State).Length;
        await inner.WriteStateAsync(stateName, grainId, grainState);
        lock (writes) writes.Add(new StorageWrite(stateName, grainId, bytes));
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
