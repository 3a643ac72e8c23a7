using MtlAttack.Abstractions;
using Orleans.Storage;

namespace MtlAttack.Grains.Storage;

/// <summary>
/// Grain storage that reports an unusable database as a <see cref="StateStoreUnavailableException"/> naming it. The
/// driver's exception (an NpgsqlException) has no codec: failing a grain's activation, it reached callers as a
/// CodecNotFoundException that said nothing. Everything else passes through untouched, InconsistentStateException
/// included.
/// </summary>
public sealed class OutageNamingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Named(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Named(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Named(() => inner.ClearStateAsync(stateName, grainId, grainState));

    private static async Task Named(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception e) when (e is not StateStoreUnavailableException && StorageOutage.AsUnavailable(e) is { } unavailable)
        {
            throw unavailable;
        }
    }
}
