using System.Globalization;

namespace MtlAttack.Abstractions;

/// <summary>
/// How many attack batches a tenant may queue: <see cref="Queued"/> are still to run in its running evaluations,
/// <see cref="Limit"/> is its quota (<c>Quotas:MaxQueuedBatches</c>). A new evaluation must fit in the difference,
/// so that one tenant cannot fill the service's queue for days.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BatchBudget([property: Id(0)] long Queued, [property: Id(1)] long Limit)
{
    /// <summary>The batches <paramref name="running"/> evaluations have still to run, against <paramref name="limit"/>.</summary>
    public static BatchBudget Of(IEnumerable<EvaluationStatus> running, long limit) =>
        new(running.Sum(s => (long)Math.Max(0, s.BatchesTotal - s.BatchesDone)), limit);

    /// <summary>Throws <see cref="MtlAttackErrorKind.QuotaExceeded"/> when <paramref name="batches"/> more do not fit.</summary>
    public void Check(string tenant, long batches)
    {
        if (Queued + batches <= Limit) return;
        throw new MtlAttackException(
            $"Tenant {tenant} has {Count(Queued)} batches queued in its running evaluations; this evaluation would add {Count(batches)}, "
            + $"over its budget of {Count(Limit)} (Quotas:MaxQueuedBatches). Wait for an evaluation to finish, cancel one, or ask for a smaller one.",
            MtlAttackErrorKind.QuotaExceeded);
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
