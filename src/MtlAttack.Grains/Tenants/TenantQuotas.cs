namespace MtlAttack.Grains.Tenants;

/// <summary>
/// What one tenant may hold at once, so that a shared service stays fair: evaluations running (each keeps attack
/// grains busy on the GPU silos), the batches they still have to run, and registered models (each may occupy device memory).
/// </summary>
public sealed class TenantQuotas
{
    public int MaxRunningEvaluations { get; set; } = 8;

    public int MaxModels { get; set; } = 100;

    /// <summary>Attack batches still to run across the tenant's running evaluations, the new one's included.</summary>
    public int MaxQueuedBatches { get; set; } = 200_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting at fault.</summary>
    public void Validate()
    {
        if (MaxRunningEvaluations < 1) throw new ArgumentException($"Quotas:MaxRunningEvaluations is {MaxRunningEvaluations}; it must be at least 1.");
        if (MaxModels < 1) throw new ArgumentException($"Quotas:MaxModels is {MaxModels}; it must be at least 1.");
        if (MaxQueuedBatches < 1) throw new ArgumentException($"Quotas:MaxQueuedBatches is {MaxQueuedBatches}; it must be at least 1.");
    }
}
