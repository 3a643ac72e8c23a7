using Microsoft.Extensions.Logging;
using MtlAttack.Abstractions;

namespace MtlAttack.Grains;

/// <summary>
/// Runs an operation on grain storage (a state write, a read, a reminder) until the state database takes it: while the
/// database cannot be used (<see cref="StorageOutage"/>) the operation is tried again after <see cref="First"/>, then
/// twice as long each time up to <see cref="Longest"/>, however long the outage lasts, until it succeeds or
/// <c>cancellationToken</c> is cancelled. Short first pauses catch a database restart within a second; the cap bounds
/// how late work resumes after a long outage while a recovering database sees one query per waiting operation per
/// <see cref="Longest"/>. Any other error is thrown at once.
/// </summary>
public sealed record StorageRetry(TimeSpan First, TimeSpan Longest)
{
    /// <summary>How a pause is waited out: <see cref="Task.Delay(TimeSpan, CancellationToken)"/>; tests record the pauses instead of timing them.</summary>
    public Func<TimeSpan, CancellationToken, Task> Wait { get; init; } = Task.Delay;

    /// <param name="waiting">Told why the operation waits (a line naming the database) before each pause, and null once it went through.</param>
    public async Task<T> Run<T>(Func<Task<T>> operation, string what, Action<string?> waiting, ILogger logger, CancellationToken cancellationToken)
    {
        var pause = First;
        for (bool failed = false; ; )
        {
            try
            {
                T result = await operation();
                if (failed)
                {
                    logger.LogInformation("{What} went through after the state database came back", what);
                    waiting(null);
                }
                return result;
            }
            catch (Exception e) when (StorageOutage.Describe(e) is { } reason && !cancellationToken.IsCancellationRequested)
            {
                failed = true;
                waiting($"{what} waits: {reason}; retrying every {Longest.TotalSeconds:G} s at most.");
                logger.LogWarning("{What} waits {Pause} s: {Reason}", what, pause.TotalSeconds, reason);
                await Wait(pause, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, Longest.Ticks));
            }
        }
    }

    public Task Run(Func<Task> operation, string what, Action<string?> waiting, ILogger logger, CancellationToken cancellationToken) =>
        Run(async () => { await operation(); return true; }, what, waiting, logger, cancellationToken);
}
