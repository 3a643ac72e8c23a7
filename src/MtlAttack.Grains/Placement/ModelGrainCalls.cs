using MtlAttack.Abstractions;

namespace MtlAttack.Grains.Placement;

/// <summary>
/// Calls a registered model's grain with the model's accelerator in the request context, which is what places a first
/// activation on a silo that may host it. Every call that can activate a model grain goes through here, so none can
/// forget it.
/// </summary>
public static class ModelGrainCalls
{
    public static async Task<T> CallModel<T>(this IGrainFactory grains, ModelRegistration registration, Func<IModelGrain, Task<T>> call)
    {
        using (new RequestContextScope(RequestContextKeys.RequiredAccelerator, registration.Accelerator))
            return await call(grains.GetGrain<IModelGrain>(registration.Key.ToString()));
    }

    public static Task CallModel(this IGrainFactory grains, ModelRegistration registration, Func<IModelGrain, Task> call) =>
        grains.CallModel(registration, async model => { await call(model); return true; });
}
