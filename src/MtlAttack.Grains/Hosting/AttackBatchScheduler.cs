using Microsoft.Extensions.Options;

namespace MtlAttack.Grains.Hosting;

public sealed class AttackSchedulingOptions
{
    /// <summary>Attack batches a silo runs on its device at once; the rest wait.</summary>
    public int MaxConcurrentBatches { get; set; } = 1;
}

/// <summary>
/// Runs at most <see cref="AttackSchedulingOptions.MaxConcurrentBatches"/> attack batches on the silo at once.
/// Waiting batches are served round-robin across tenants (first come first served within a tenant), so one tenant's
/// large evaluation cannot starve another's. The work runs on the thread pool: a batch is seconds of tensor work that
/// must not hold a grain scheduler turn. A cancelled batch leaves the queue, or, once running, gives its slot back as
/// soon as its work observes the token (Core's attacks check it every step).
/// </summary>
public sealed class AttackBatchScheduler
{
    private readonly object gate = new();
    private readonly int limit;
    private readonly Dictionary<string, Queue<TaskCompletionSource>> waiting = new(StringComparer.Ordinal);
    private readonly LinkedList<string> rotation = new();
    private int running;
    private readonly Func<int> depthProbe;

    public AttackBatchScheduler(IOptions<AttackSchedulingOptions> options)
    {
        limit = options.Value.MaxConcurrentBatches;
        if (limit < 1) throw new ArgumentException($"MaxConcurrentBatches is {limit}; it must be at least 1.");
        // The gauge holds the probe weakly; this field keeps it alive as long as the scheduler.
        depthProbe = () => QueueDepth;
        Telemetry.GrainTelemetry.ObserveQueueDepth(depthProbe);
    }

    public int Running { get { lock (gate) return running; } }

    public int QueueDepth { get { lock (gate) return waiting.Values.Sum(q => q.Count); } }

    public async Task<T> Run<T>(string tenant, Func<T> work, CancellationToken cancellationToken = default)
    {
        await Enter(tenant, cancellationToken);
        try
        {
            return await Task.Run(work, cancellationToken);
        }
        finally
        {
            Leave();
        }
    }

    private Task Enter(string tenant, CancellationToken cancellationToken)
    {
        TaskCompletionSource ticket;
        lock (gate)
        {
            if (running < limit && waiting.Count == 0)
            {
                running++;
                return Task.CompletedTask;
            }
            ticket = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!waiting.TryGetValue(tenant, out var queue))
            {
                waiting[tenant] = queue = new Queue<TaskCompletionSource>();
                rotation.AddLast(tenant);
            }
            queue.Enqueue(ticket);
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Abandon(tenant, ticket, cancellationToken));
            // Once the ticket is served or abandoned the registration has nothing left to do.
            ticket.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return ticket.Task;
    }

    private void Abandon(string tenant, TaskCompletionSource ticket, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!waiting.TryGetValue(tenant, out var queue) || !queue.Contains(ticket)) return;
            var rest = new Queue<TaskCompletionSource>(queue.Where(t => t != ticket));
            if (rest.Count == 0) { waiting.Remove(tenant); rotation.Remove(tenant); }
            else waiting[tenant] = rest;
        }
        ticket.TrySetCanceled(cancellationToken);
    }

    private void Leave()
    {
        TaskCompletionSource? next = null;
        lock (gate)
        {
            if (rotation.First is { } first)
            {
                string tenant = first.Value;
                var queue = waiting[tenant];
                next = queue.Dequeue();
                rotation.RemoveFirst();
                if (queue.Count > 0) rotation.AddLast(tenant);
                else waiting.Remove(tenant);
            }
            else running--;
        }
        // The slot passes straight to the next batch: running stays the same.
        next?.TrySetResult();
    }
}
