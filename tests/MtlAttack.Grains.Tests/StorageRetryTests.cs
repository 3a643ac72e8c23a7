using Microsoft.Extensions.Logging.Abstractions;
using MtlAttack.Grains;

namespace MtlAttack.Grains.Tests;

/// <summary>
/// The retry every grain wraps its storage in. An outage lasts however long it lasts: the operation is retried without
/// limit, with pauses doubling to a cap, and nothing but an outage is retried. (DatabaseOutageTests stops a real
/// PostgreSQL; these check the policy itself, for outages far longer than a test can wait for.)
/// </summary>
public class StorageRetryTests
{
    private static readonly StorageRetry Fast = new(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(8));

    private static StateStoreUnavailableException Down() => new("PostgreSQL", "Failed to connect to 127.0.0.1:5432");

    [Fact]
    public async Task RetriesAnOutageOfAnyLengthAndSaysWhyUntilItPasses()
    {
        const int failures = 200; // minutes of a real outage at the real cap of 10 s
        int calls = 0;
        var reasons = new List<string?>();

        int result = await Fast.Run(async () =>
        {
            await Task.Yield();
            if (++calls <= failures) throw Down();
            return 42;
        }, "Recording batch 3", reasons.Add, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(failures + 1, calls);
        Assert.Equal(failures + 1, reasons.Count);
        Assert.All(reasons.Take(failures), r => Assert.StartsWith("Recording batch 3 waits: The service's state database (PostgreSQL) cannot be used right now", r));
        Assert.Null(reasons[^1]); // cleared once it went through
    }

    [Fact]
    public async Task PausesDoubleFromTheFirstToTheCap()
    {
        // The pauses asked for, not timed: Task.Delay may end a millisecond or two before the wall clock says (CI saw
        // 158 ms for 160), and a test must not depend on the machine's timer.
        var pauses = new List<double>();
        var retry = new StorageRetry(TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(160))
        {
            Wait = (pause, _) => { pauses.Add(pause.TotalMilliseconds); return Task.CompletedTask; },
        };
        int calls = 0;
        await retry.Run(() => ++calls <= 5 ? Task.FromException(Down()) : Task.CompletedTask, "op", _ => { }, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(6, calls);
        Assert.Equal([40, 80, 160, 160, 160], pauses);
    }

    [Fact]
    public async Task AnyOtherErrorIsThrownAtOnce()
    {
        int calls = 0;
        var reasons = new List<string?>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Fast.Run(() =>
        {
            calls++;
            return Task.FromException(new InvalidOperationException("a bug, not an outage"));
        }, "op", reasons.Add, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(1, calls);
        Assert.Empty(reasons);
    }

    [Fact]
    public async Task CancellationEndsTheWait()
    {
        using var cancellation = new CancellationTokenSource();
        int calls = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new StorageRetry(TimeSpan.FromHours(1), TimeSpan.FromHours(1)).Run(() =>
        {
            if (++calls == 1) cancellation.CancelAfter(TimeSpan.FromMilliseconds(50));
            return Task.FromException(Down());
        }, "op", _ => { }, NullLogger.Instance, cancellation.Token));
        Assert.Equal(1, calls);
    }
}
