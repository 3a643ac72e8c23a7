using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MtlAttack.Abstractions;
using MtlAttack.Grains.Hosting;
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
        var accelerator = AcceleratorDetection.Resolve(options.Accelerator);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
            silo.UseSiloMetadata(new Dictionary<string, string> { [SiloMetadataKeys.Accelerator] = accelerator });
            switch (options.Mode)
            {
                case SiloModes.Embedded:
                    silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                    silo.AddMemoryGrainStorageAsDefault();
                    break;
                default:
                    throw new NotSupportedException("Clustered mode (PostgreSQL) is not available in this build yet; run with MtlAttack:Silo:Mode=embedded.");
            }
        });
        return builder;
    }
}
