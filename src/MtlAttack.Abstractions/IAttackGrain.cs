namespace MtlAttack.Abstractions;

/// <summary>
/// One shard of an evaluation (key <c>evaluation/shard</c>), placed on its model's silo: runs the attack iterations
/// of a batch against the network in that silo's model host, so images never cross the wire, and returns the batch's
/// mergeable statistics.
/// </summary>
public interface IAttackGrain : IGrainWithStringKey
{
    /// <summary>
    /// One batch's statistics. Cancelling <paramref name="cancellationToken"/> (the evaluation was cancelled or its
    /// grain is going away) stops the attack within one step and frees the silo's batch slot; nothing is returned.
    /// </summary>
    [ResponseTimeout("01:00:00")]
    Task<BatchStatistics> EvaluateBatch(AttackAssignment assignment, WorkItem item, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the assignment's adversarial examples (<see cref="EvaluationRequest.SaveAdversarial"/> per cell) to its
    /// report directory, beside the model like the batches; returns the examples per cell.
    /// </summary>
    [ResponseTimeout("01:00:00")]
    Task<int> ExportAdversarial(AttackAssignment assignment, CancellationToken cancellationToken = default);

    /// <summary>
    /// The evaluation has ended: let go of the network lease and the dataset now, not when the idle grain is collected
    /// minutes later (on a GPU silo that is device memory another tenant's model may need).
    /// </summary>
    Task Release();

    /// <summary>The silo this shard runs on (its address's text form).</summary>
    Task<string> Silo();
}
