using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Grains.Hosting;
using Orleans.TestingHost;

namespace MtlAttack.Grains.Tests;

[Collection(ServiceClusterCollection.Name)]
public class ShardReleaseTests(ServiceCluster service)
{
    [Fact]
    public async Task AnEndedEvaluationsShardsLetGoOfTheNetworkAtOnce()
    {
        // A checkpoint of its own, so that only this test's grains hold leases on it.
        string checkpoint = TinyModels.Save(Path.Combine(service.Folder, "released"));
        var tenant = service.Client.GetGrain<ITenantGrain>("releaser");
        await tenant.RegisterModel("m", checkpoint);
        var host = ((InProcessSiloHandle)service.CudaSilo).SiloHost.Services.GetRequiredService<ModelHost>();
        Assert.Equal(1, host.ReferenceCount(checkpoint)); // the model grain's

        foreach (bool cancel in new[] { false, true })
        {
            var key = ModelKey.Create("releaser", "m");
            string id = await tenant.StartEvaluation(cancel ? service.LongRunning(key) : service.Request(key, r => r.Epsilons = [4]));
            var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
            if (cancel)
            {
                while ((await evaluation.GetStatus()).BatchesDone < 2) await Task.Delay(10);
                Assert.True(host.ReferenceCount(checkpoint) > 1, "the shards hold leases while they work");
                await evaluation.Cancel();
            }
            while (!(await evaluation.GetStatus()).IsFinished) await Task.Delay(20);

            // Not when the idle shards are collected (minutes later): as soon as their last call returns.
            for (var deadline = DateTime.UtcNow.AddSeconds(30); host.ReferenceCount(checkpoint) > 1 && DateTime.UtcNow < deadline; await Task.Delay(20)) { }
            Assert.True(host.ReferenceCount(checkpoint) == 1,
                $"{(cancel ? "cancelled" : "completed")} evaluation: {host.ReferenceCount(checkpoint)} leases on the checkpoint 30 s after it ended: {string.Join("; ", host.Holders(checkpoint))}");
        }
    }
}
