using MtlAttack.Client.Contracts;

namespace MtlAttack.Client;

public sealed partial class MtlAttackClient
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Polls an evaluation until it is finished, reporting every state read to <paramref name="progress"/>.
    /// Returns the final state when it completed or was cancelled (check <see cref="EvaluationInfo.State"/>: a cancelled
    /// evaluation has no report); throws <see cref="EvaluationFailedException"/> with the server's error when it failed.
    /// </summary>
    /// <param name="pollInterval">Time between reads; <see cref="DefaultPollInterval"/> when null.</param>
    public async Task<EvaluationInfo> WaitForCompletionAsync(string evaluationId, IProgress<EvaluationInfo>? progress = null,
        TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? DefaultPollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero, nameof(pollInterval));
        while (true)
        {
            var info = await GetEvaluationAsync(evaluationId, cancellationToken).ConfigureAwait(false);
            progress?.Report(info);
            if (info.State == EvaluationStates.Failed) throw new EvaluationFailedException(info);
            if (info.IsFinished) return info;
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
