using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace MtlAttack.Silo.Tests;

public class EmbeddedSiloTests
{
    private static IHost StartSilo(Action<MtlAttackSiloOptions> configure) => EmbeddedSilos.Start(configure);

    [Theory]
    [InlineData("cuda")]
    [InlineData("cpu")]
    public async Task SiloPublishesItsAcceleratorAsMetadata(string accelerator)
    {
        using var host = StartSilo(o => o.Accelerator = accelerator);
        var details = host.Services.GetRequiredService<ILocalSiloDetails>();
        var cache = host.Services.GetRequiredService<ISiloMetadataCache>();
        // The cache learns a silo's metadata through membership, shortly after start.
        string? published = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); published == null && DateTime.UtcNow < deadline; await Task.Delay(100))
            cache.GetSiloMetadata(details.SiloAddress).Metadata.TryGetValue(SiloMetadataKeys.Accelerator, out published);
        Assert.Equal(accelerator, published);
        await host.StopAsync();
    }

    [Fact]
    public void UnknownModeIsRefusedWithTheAcceptedValues()
    {
        var builder = Host.CreateApplicationBuilder();
        var error = Assert.Throws<ArgumentException>(() => builder.AddMtlAttackSilo(o => o.Mode = "cloud"));
        Assert.Contains("embedded", error.Message);
    }
}

public class DatasetCatalogThroughTheSiloTests
{
    [Fact]
    public async Task ASiloDescribesASyntheticDataset()
    {
        using var host = EmbeddedSilos.Start();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        var description = await grains.GetGrain<IDatasetCatalogGrain>("synthetic:count=10,size=16,seed=3").Describe();
        Assert.Equal(16, description.Height);
        Assert.Equal(10, description.SplitCounts.Values.Sum());
        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], description.Tasks);

        // A bad SPEC fails with a message that says what to write instead, and the silo keeps serving.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<IDatasetCatalogGrain>("imagenet:/x").Describe());
        Assert.Contains("synthetic", error.Message);
        Assert.Equal(16, (await grains.GetGrain<IDatasetCatalogGrain>("synthetic:count=10,size=16,seed=3").Describe()).Width);
        await host.StopAsync();
    }
}

public class TorchScriptSettingTests
{
    [Theory]
    [InlineData(SiloModes.Embedded, null, true)]
    [InlineData(SiloModes.Clustered, null, false)]
    [InlineData(SiloModes.Clustered, true, true)]
    [InlineData(SiloModes.Embedded, false, false)]
    public void TorchScriptIsAllowedWhereOneUserRunsTheSiloAndWhereTheOperatorSaysSo(string mode, bool? setting, bool allowed)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddMtlAttackSilo(o =>
        {
            o.Mode = mode;
            o.AllowTorchScript = setting;
            // Never reached: the host is built, not started.
            o.Postgres = "Host=127.0.0.1;Port=1;Database=unused;Username=unused;Password=unused";
        });
        using var host = builder.Build();
        Assert.Equal(allowed, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Grains.Hosting.ModelHostOptions>>().Value.AllowTorchScript);
    }
}
