using MtlAttack.Api.Contracts;

namespace MtlAttack.Client;

public sealed partial class MtlAttackClient
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long <see cref="WaitForCompletionAsync"/> rides out a service that cannot answer, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultOutageTolerance = TimeSpan.FromMinutes(10);

    // A Retry-After longer than this is not believed: the wait polls again after this long at the latest.
    private static readonly TimeSpan LongestRetryWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Polls an evaluation until it is finished, reporting every state read to <paramref name="progress"/>.
    /// Returns the final state when it completed or was cancelled (check <see cref="EvaluationInfo.State"/>: a cancelled
    /// evaluation has no report); throws <see cref="EvaluationFailedException"/> with the server's error when it failed.
    /// <para>
    /// An evaluation outlives an outage of the service's database or of the API itself (it waits and resumes), so the
    /// wait does too: while the API answers 503 or cannot be reached, it keeps polling (after the server's
    /// <c>Retry-After</c>, or the poll interval) for up to <paramref name="outageTolerance"/> without an answer, and
    /// only then throws the last error. Refusals (4xx) are thrown at once.
    /// </para>
    /// </summary>
    /// <param name="pollInterval">Time between reads; <see cref="DefaultPollInterval"/> when null.</param>
    /// <param name="outageTolerance">The longest stretch without an answer that the wait rides out; <see cref="DefaultOutageTolerance"/> when null.</param>
    public async Task<EvaluationInfo> WaitForCompletionAsync(string evaluationId, IProgress<EvaluationInfo>? progress = null,
        TimeSpan? pollInterval = null, CancellationToken cancellationToken = default, TimeSpan? outageTolerance = null)
    {
        var interval = pollInterval ?? DefaultPollInterval;
        var tolerance = outageTolerance ?? DefaultOutageTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero, nameof(pollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero, nameof(outageTolerance));
        DateTimeOffset? unansweredSince = null;
        while (true)
        {
            EvaluationInfo info;
            try
            {
                info = await GetEvaluationAsync(evaluationId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (IsOutage(error, cancellationToken))
            {
                unansweredSince ??= DateTimeOffset.UtcNow;
                if (DateTimeOffset.UtcNow - unansweredSince >= tolerance) throw;
                var wait = (error as MtlAttackApiException)?.RetryAfter ?? interval;
                await Task.Delay(wait < LongestRetryWait ? wait : LongestRetryWait, cancellationToken).ConfigureAwait(false);
                continue;
            }
            unansweredSince = null;
            progress?.Report(info);
            if (info.State == EvaluationStates.Failed) throw new EvaluationFailedException(info);
            if (info.IsFinished) return info;
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    // 503 (a dependency of the service is down), or no answer at all (the API restarting): both pass. A cancelled
    // request is the caller's doing and ends the wait.
    private static bool IsOutage(Exception error, CancellationToken cancellationToken) => error switch
    {
        MtlAttackApiException api => api.IsTransient,
        HttpRequestException => true,
        TaskCanceledException => !cancellationToken.IsCancellationRequested, // HttpClient's own timeout
        _ => false,
    };
}
