using Microsoft.Extensions.Options;

namespace MtlAttack.Grains.Tests;

public class AttackBatchSchedulerTests
{
    [Fact]
    public async Task WaitingBatchesAreServedRoundRobinAcrossTenants()
    {
        var scheduler = new AttackBatchScheduler(Options.Create(new AttackSchedulingOptions { MaxConcurrentBatches = 1 }));
        var release = new ManualResetEventSlim();
        var order = new List<string>();
        var blocker = scheduler.Run("a", () => { release.Wait(); lock (order) order.Add("a0"); return 0; });
        while (scheduler.Running == 0) await Task.Delay(5);

        var queued = new List<Task<int>>();
        foreach (var name in new[] { "a1", "a2", "a3", "b1", "c1" })
        {
            string tenant = name[..1];
            queued.Add(scheduler.Run(tenant, () => { lock (order) order.Add(name); return 0; }));
        }
        Assert.Equal(5, scheduler.QueueDepth);
        release.Set();
        await Task.WhenAll(queued.Append(blocker));

        // Tenant a queued three batches first, yet b and c are not starved behind them.
        Assert.Equal(["a0", "a1", "b1", "c1", "a2", "a3"], order);
        Assert.Equal(0, scheduler.QueueDepth);
        Assert.Equal(0, scheduler.Running);
    }

    [Fact]
    public async Task RunsUpToTheLimitAtOnceAndNeverMore()
    {
        var scheduler = new AttackBatchScheduler(Options.Create(new AttackSchedulingOptions { MaxConcurrentBatches = 2 }));
        int current = 0, peak = 0;
        // The first two batches meet inside the scheduler: both slots are used at once.
        using var bothInside = new CountdownEvent(2);
        var work = Enumerable.Range(0, 12).Select(i => scheduler.Run(i % 3 == 0 ? "x" : "y", () =>
        {
            int now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            if (i < 2)
            {
                bothInside.Signal();
                Assert.True(bothInside.Wait(TimeSpan.FromSeconds(30)), "two batches should run at once");
            }
            Thread.Sleep(2);
            Interlocked.Decrement(ref current);
            return i;
        })).ToList();
        Assert.Equal(Enumerable.Range(0, 12), await Task.WhenAll(work));
        Assert.Equal(2, peak);
    }

    [Fact]
    public void ALimitBelowOneIsRefused() =>
        Assert.Throws<ArgumentException>(() => new AttackBatchScheduler(Options.Create(new AttackSchedulingOptions { MaxConcurrentBatches = 0 })));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
