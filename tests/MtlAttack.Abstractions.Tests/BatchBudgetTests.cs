namespace MtlAttack.Abstractions.Tests;

public class BatchBudgetTests
{
    [Fact]
    public void QueuedBatchesAreWhatRunningEvaluationsHaveStillToRun()
    {
        var running = new[]
        {
            new EvaluationStatus("t.a", EvaluationState.Running, BatchesDone: 10, BatchesTotal: 250),
            new EvaluationStatus("t.b", EvaluationState.Running, BatchesDone: 0, BatchesTotal: 40),
        };
        var budget = BatchBudget.Of(running, limit: 500);
        Assert.Equal(280, budget.Queued);

        budget.Check("t", 220); // exactly the rest of the budget
        var refused = Assert.Throws<MtlAttackException>(() => budget.Check("t", 221));
        Assert.Equal(MtlAttackErrorKind.QuotaExceeded, refused.Kind);
        Assert.Contains("Tenant t has 280 batches queued in its running evaluations; this evaluation would add 221, over its budget of 500 (Quotas:MaxQueuedBatches)",
            refused.Message);
    }

    [Fact]
    public void NothingRunningLeavesTheWholeBudget()
    {
        var budget = BatchBudget.Of([], limit: 1_000);
        budget.Check("t", 1_000);
        Assert.Contains("would add 1,001, over its budget of 1,000", Assert.Throws<MtlAttackException>(() => budget.Check("t", 1_001)).Message);
    }
}
