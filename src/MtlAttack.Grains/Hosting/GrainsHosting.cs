using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MtlAttack.Grains.Evaluations;
using MtlAttack.Grains.Placement;
using MtlAttack.Grains.Storage;
using MtlAttack.Grains.Tenants;
using Orleans.Placement;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace MtlAttack.Grains.Hosting;

/// <summary>What a silo needs to host MtlAttack grains; the silo host and the tests share it.</summary>
public static class GrainsHosting
{
    /// <summary>
    /// The model host (TorchScript models only where <paramref name="models"/> allows them), the batch scheduler, the accelerator placement filter, the colocating placement director and the
    /// filter that reports an unusable state database as such.
    /// </summary>
    public static ISiloBuilder AddMtlAttackGrains(this ISiloBuilder silo, bool allowCpuFallback, int maxConcurrentBatches = 1,
        Action<EvaluationOptions>? evaluation = null, TenantQuotas? quotas = null, Action<ModelHostOptions>? models = null)
    {
        if (quotas is not null)
        {
            quotas.Validate();
            silo.Services.AddSingleton(Options.Create(quotas));
        }
        silo.Services.Configure<ModelHostOptions>(o => models?.Invoke(o));
        silo.Services.AddSingleton<ModelHost>();
        silo.Services.AddSingleton<AttackBatchScheduler>();
        silo.Services.Configure<AttackSchedulingOptions>(o => o.MaxConcurrentBatches = maxConcurrentBatches);
        silo.Services.Configure<AcceleratorPlacementOptions>(o => o.AllowCpuFallback = allowCpuFallback);
        silo.Services.Configure<EvaluationOptions>(o => evaluation?.Invoke(o));
        silo.Services.AddPlacementFilter<AcceleratorPlacementFilterStrategy, AcceleratorPlacementFilterDirector>(ServiceLifetime.Singleton);
        silo.Services.AddPlacementDirector<ColocateWithModelPlacement, ColocateWithModelPlacementDirector>();
        silo.AddIncomingGrainCallFilter<StorageOutageFilter>();
        return silo;
    }

    /// <summary>Grain state in the SQLite file at <paramref name="path"/>, under <see cref="GrainStorage.Name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string path)
    {
        silo.Services.AddGrainStorage(GrainStorage.Name, (services, _) => new OutageNamingGrainStorage(new SqliteGrainStorage(path, services.GetRequiredService<Serializer>())));
        return silo;
    }
}
