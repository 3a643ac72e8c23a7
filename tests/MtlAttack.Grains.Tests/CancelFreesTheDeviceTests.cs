using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace MtlAttack.Grains.Tests;

/// <summary>One cuda silo that runs one attack batch at a time: whoever holds the slot holds the device.</summary>
public sealed class SingleSlotCluster : ServiceCluster
{
    public override int SiloCount => 1;

    protected override int MaxConcurrentBatches => 1;

    // One shard: the clean batch, then the attack batch, so the test knows which one holds the slot.
    protected override int Shards => 1;

    protected override bool IsCudaSilo(string siloName) => true;
}

public class CancelFreesTheDeviceTests(SingleSlotCluster service, ITestOutputHelper output) : IClassFixture<SingleSlotCluster>
{
    [Fact]
    public async Task CancellingAnEvaluationStopsItsRunningBatchSoAnotherTenantsEvaluationGoesOn()
    {
        var client = service.Client;
        var scheduler = ((InProcessSiloHandle)service.Cluster.Silos.Single()).SiloHost.Services.GetRequiredService<AttackBatchScheduler>();
        var hog = client.GetGrain<ITenantGrain>("hog");
        await hog.RegisterModel("m", service.Checkpoint);
        var patient = client.GetGrain<ITenantGrain>("patient");
        await patient.RegisterModel("m", service.Checkpoint);

        // One clean batch, then one attack batch of the most steps allowed: hours of work unless cancellation reaches its loop.
        var endless = service.Request(ModelKey.Create("hog", "m"), r => { r.Algorithms = ["pgd"]; r.Objectives = ["total"]; })
            with { Steps = 100_000, MaxSamples = 2 };
        var evaluation = client.GetGrain<IEvaluationGrain>(await hog.StartEvaluation(endless));
        // The two batches race for the slot: either the clean one finished and the endless one runs, or the endless one
        // took the slot first and the clean one waits behind it (then it never runs; that state lasting shows it).
        var endlessFirst = Stopwatch.StartNew();
        for (var deadline = DateTime.UtcNow.AddMinutes(2); ; await Task.Delay(10))
        {
            var status = await evaluation.GetStatus();
            if (status.BatchesDone == 1 && scheduler.Running == 1) break;
            if (!(status.BatchesDone == 0 && scheduler.Running == 1 && scheduler.QueueDepth == 1)) endlessFirst.Restart();
            else if (endlessFirst.Elapsed > TimeSpan.FromSeconds(5)) break;
            Assert.True(DateTime.UtcNow < deadline, $"the attack batch never started: {status.BatchesDone} batches done, {scheduler.Running} running");
        }

        var sinceCancel = Stopwatch.StartNew();
        var cancelled = await evaluation.Cancel();
        Assert.Equal(EvaluationState.Cancelled, cancelled.State);
        Assert.True(cancelled.BatchesDone <= 1, $"{cancelled.BatchesDone} batches done: the endless attack batch cannot have finished");
        for (var deadline = DateTime.UtcNow.AddMinutes(1); scheduler.Running > 0; await Task.Delay(10))
            Assert.True(DateTime.UtcNow < deadline, "the cancelled evaluation's batch still holds the silo's only slot");
        output.WriteLine($"batch slot free {sinceCancel.Elapsed.TotalMilliseconds:F0} ms after the cancel was sent");

        // The other tenant's evaluation gets the device and finishes.
        var other = client.GetGrain<IEvaluationGrain>(await patient.StartEvaluation(service.Request(ModelKey.Create("patient", "m"))));
        var finished = await other.GetStatus();
        for (var deadline = DateTime.UtcNow.AddMinutes(2); !finished.IsFinished && DateTime.UtcNow < deadline; await Task.Delay(50))
            finished = await other.GetStatus();
        Assert.Equal(EvaluationState.Completed, finished.State);

        // The stopped batch was never recorded as finished.
        var after = await evaluation.GetStatus();
        Assert.Equal(EvaluationState.Cancelled, after.State);
        Assert.Equal(cancelled.BatchesDone, after.BatchesDone);
    }
}
