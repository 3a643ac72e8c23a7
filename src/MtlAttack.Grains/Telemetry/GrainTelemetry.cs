using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MtlAttack.Grains.Telemetry;

/// <summary>
/// The grains' spans and metrics. Spans: <c>evaluation</c>, <c>attack batch</c>, <c>model load</c>; with Orleans'
/// activity propagation they join the caller's trace. Metrics: attack iterations (a counter: its rate is iterations
/// per second), batches done, batch duration, and the silo's attack queue depth.
/// </summary>
public static class GrainTelemetry
{
    public const string SourceName = "MtlAttack.Grains";

    public static readonly ActivitySource Source = new(SourceName);

    public static readonly Meter Meter = new(SourceName);

    /// <summary>Attack iterations (forward+backward steps, per image) finished.</summary>
    public static readonly Counter<long> AttackIterations =
        Meter.CreateCounter<long>("mtlattack.attack.iterations", "{iteration}", "Attack iterations (one forward and backward pass per image) finished.");

    public static readonly Counter<long> BatchesDone =
        Meter.CreateCounter<long>("mtlattack.evaluation.batches", "{batch}", "Evaluation batches finished (clean and attacked).");

    public static readonly Histogram<double> BatchDuration =
        Meter.CreateHistogram<double>("mtlattack.attack.batch.duration", "s", "Time to evaluate one batch, queueing excluded.");

    private static readonly List<WeakReference<Func<int>>> queueDepths = [];

    /// <summary>Batches waiting for a device slot, summed over the silos in this process (one in production).</summary>
    public static readonly ObservableGauge<int> QueueDepth =
        Meter.CreateObservableGauge("mtlattack.attack.queue.depth", SumQueueDepths, "{batch}", "Attack batches waiting for a device slot.");

    /// <summary>Registers a silo's scheduler with the queue-depth gauge; the gauge forgets it once it is collected.</summary>
    public static void ObserveQueueDepth(Func<int> depth)
    {
        lock (queueDepths) queueDepths.Add(new WeakReference<Func<int>>(depth));
    }

    private static int SumQueueDepths()
    {
        lock (queueDepths)
        {
            queueDepths.RemoveAll(w => !w.TryGetTarget(out _));
            return queueDepths.Sum(w => w.TryGetTarget(out var f) ? f() : 0);
        }
    }

    public static class Spans
    {
        public const string Evaluation = "evaluation";
        public const string AttackBatch = "attack batch";
        public const string AdversarialExport = "adversarial export";
        public const string ModelLoad = "model load";
    }
}
