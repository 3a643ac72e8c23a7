namespace MtlAttack.Abstractions;

/// <summary>
/// Follows an evaluation grain to its end, for callers in a silo's process (the demo, the service benchmark); over HTTP
/// the SDK's <c>WaitForCompletionAsync</c> does the same.
/// </summary>
public static class EvaluationGrainWaiting
{
    /// <summary>
    /// Reads the status every <paramref name="pollInterval"/>, reporting each read to <paramref name="progress"/>, until the
    /// evaluation is finished, and returns the final status. When <paramref name="cancellationToken"/> fires, the
    /// evaluation is cancelled (the caller is about to stop the silo it runs on) and its status afterwards returned.
    /// </summary>
    public static async Task<EvaluationStatus> WaitUntilFinishedAsync(this IEvaluationGrain evaluation, TimeSpan pollInterval,
        IProgress<EvaluationStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentOutOfRangeException.ThrowIfLessThan(pollInterval, TimeSpan.Zero);
        var status = await evaluation.GetStatus();
        progress?.Report(status);
        while (!status.IsFinished)
        {
            if (cancellationToken.IsCancellationRequested) return await evaluation.Cancel();
            // Not the caller's token: a cancelled wait still cancels the evaluation above rather than abandoning it.
            await Task.Delay(pollInterval, CancellationToken.None);
            status = await evaluation.GetStatus();
            progress?.Report(status);
        }
        return status;
    }
}
