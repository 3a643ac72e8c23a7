using System.Diagnostics;
using System.Text.Json;
using MtlAttack.Abstractions;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Evaluation;
using MtlAttack.Grains.Hosting;
using MtlAttack.Grains.Placement;
using MtlAttack.Grains.Telemetry;
using MtlAttack.Grains.Translation;

namespace MtlAttack.Grains.Attacks;

/// <summary>
/// One shard of an evaluation (key <c>evaluation/shard</c>), placed beside its model. Evaluates one batch per call
/// with Core's <see cref="RobustnessEvaluator.EvaluateBatch"/> against the network in this silo's model host, through
/// the silo's batch scheduler; only the batch's statistics go back over the wire.
/// </summary>
[ColocateWithModelPlacement]
public sealed class AttackGrain(ModelHost host, AttackBatchScheduler scheduler, ILocalSiloDetails silo) : Grain, IAttackGrain
{
    private ModelLease? lease;
    private RobustnessEvaluator? evaluator;
    private string? assignmentKey;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        lease?.Dispose();
        return Task.CompletedTask;
    }

    public Task Release()
    {
        LetGo();
        return Task.CompletedTask;
    }

    /// <summary>Frees the network's lease and the evaluator now, and lets the idle activation go.</summary>
    private void LetGo()
    {
        lease?.Dispose();
        lease = null;
        evaluator = null;
        assignmentKey = null;
        DeactivateOnIdle();
    }

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToParsableString());

    public async Task<BatchStatistics> EvaluateBatch(AttackAssignment assignment, WorkItem item, CancellationToken cancellationToken = default)
    {
        using var span = GrainTelemetry.Source.StartActivity(GrainTelemetry.Spans.AttackBatch);
        span?.SetTag("mtlattack.shard", this.GetPrimaryKeyString());
        span?.SetTag("mtlattack.cell", item.Cell is null ? "clean" : EvaluationStateMapping.ToCell(item.Cell)!.ToString());
        span?.SetTag("mtlattack.batch", item.Batch);
        try
        {
            var prepared = Prepare(assignment);
            var cell = EvaluationStateMapping.ToCell(item.Cell);
            // Check the batch index here: out of range it is the caller's mistake, not a failure of the silo.
            if (item.Batch < 0 || item.Batch >= prepared.BatchCount)
                throw new MtlAttackException($"Batch {item.Batch} is outside 0..{prepared.BatchCount - 1}.");
            var stopwatch = new Stopwatch();
            var statistics = await scheduler.Run(assignment.Model.Key.Tenant, () =>
            {
                stopwatch.Start();
                return BoundaryErrors.Guard(() => prepared.EvaluateBatch(cell, item.Batch, cancellationToken));
            }, cancellationToken);
            GrainTelemetry.BatchDuration.Record(stopwatch.Elapsed.TotalSeconds);
            long samples = statistics.Tasks.Values.FirstOrDefault()?.Samples ?? 0;
            if (cell is not null)
                GrainTelemetry.AttackIterations.Add(samples * prepared.AttackFor(cell).Algorithm.Iterations(prepared.Settings.Steps));
            return EvaluationStateMapping.ToData(item, statistics);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The evaluation was cancelled: its Release may already have been handled (the caller stops waiting at
            // once), so this call lets go of the network itself rather than hold it until the idle shard is collected.
            LetGo();
            throw;
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    public async Task<int> ExportAdversarial(AttackAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        using var span = GrainTelemetry.Source.StartActivity(GrainTelemetry.Spans.AdversarialExport);
        span?.SetTag("mtlattack.shard", this.GetPrimaryKeyString());
        span?.SetTag("mtlattack.examples", assignment.Request.SaveAdversarial);
        try
        {
            var prepared = Prepare(assignment);
            var model = lease!.Model;
            // Through the scheduler like a batch: the export runs attacks on the device too.
            return await scheduler.Run(assignment.Model.Key.Tenant,
                () => EvaluationRequestMapping.ExportAdversarial(prepared, model, assignment, cancellationToken), cancellationToken);
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private RobustnessEvaluator Prepare(AttackAssignment assignment)
    {
        string key = JsonSerializer.Serialize(assignment);
        if (evaluator is not null && key == assignmentKey) return evaluator;
        EvaluationRequestMapping.ValidateRequest(assignment.Request);
        var next = BoundaryErrors.Guard(() => host.Acquire(assignment.Model.CheckpointDirectory, $"shard {this.GetPrimaryKeyString()} (activation {GrainContext.ActivationId})"), $"Model {assignment.Model.Key} cannot be loaded");
        try
        {
            evaluator = EvaluationRequestMapping.CreateEvaluator(next.Model, assignment.Request, host.Device);
        }
        catch
        {
            next.Dispose();
            throw;
        }
        lease?.Dispose();
        lease = next;
        assignmentKey = key;
        return evaluator;
    }
}
