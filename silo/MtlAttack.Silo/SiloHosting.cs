using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MtlAttack.Abstractions;
using MtlAttack.Core.Native;
using MtlAttack.Grains.Hosting;
using MtlAttack.Silo.Postgres;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace MtlAttack.Silo;

/// <summary>Configures an MtlAttack silo on a host: one place for the embedded and clustered modes.</summary>
public static class SiloHosting
{
    public static IHostApplicationBuilder AddMtlAttackSilo(this IHostApplicationBuilder builder, Action<MtlAttackSiloOptions>? configure = null)
    {
        var options = new MtlAttackSiloOptions();
        builder.Configuration.GetSection(MtlAttackSiloOptions.Section).Bind(options);
        configure?.Invoke(options);

        if (options.Mode is not (SiloModes.Embedded or SiloModes.Clustered))
            throw new ArgumentException($"Unknown silo mode '{options.Mode}': use '{SiloModes.Embedded}' or '{SiloModes.Clustered}'.");
        if (options.MaxConcurrentBatches < 1)
            throw new ArgumentException($"MaxConcurrentBatches is {options.MaxConcurrentBatches}; it must be at least 1.");
        options.Limits.Validate();
        if (options.TorchThreads is < 1)
            throw new ArgumentException($"TorchThreads is {options.TorchThreads}; it must be at least 1 (or unset for {TorchThreads.Default}).");
        // Before the silo starts, so that every thread that runs torch work for it gets the count.
        TorchThreads.Apply(options.TorchThreads);
        var accelerator = AcceleratorDetection.Resolve(options.Accelerator);
        bool allowCpuFallback = options.AllowCpuFallback ?? options.Mode == SiloModes.Embedded;
        bool allowTorchScript = options.AllowTorchScript ?? options.Mode == SiloModes.Embedded;
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
            silo.UseSiloMetadata(new Dictionary<string, string> { [SiloMetadataKeys.Accelerator] = accelerator });
            silo.AddMtlAttackGrains(allowCpuFallback, options.MaxConcurrentBatches, evaluation: e =>
            {
                e.DatasetRoots = options.DatasetRoots.ToList();
                e.Limits = options.Limits;
            }, quotas: options.Quotas, models: m => m.AllowTorchScript = allowTorchScript);
            silo.AddActivityPropagation();
            silo.AddMtlAttackDashboard(options.Dashboard);
            switch (options.Mode)
            {
                case SiloModes.Embedded:
                    silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                    silo.AddSqliteGrainStorage(options.StatePath);
                    silo.UseInMemoryReminderService();
                    break;
                case SiloModes.Clustered:
                    silo.UsePostgresCluster(options);
                    break;
            }
        });
        SiloTelemetry.Add(builder.Services, options.Telemetry);
        return builder;
    }
}
