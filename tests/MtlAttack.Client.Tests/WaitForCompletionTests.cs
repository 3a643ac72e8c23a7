using System.Net;
namespace MtlAttack.Client.Tests;

public class WaitForCompletionTests
{
    private const string Path = "/v1/evaluations/e1";
    private static readonly EvaluationInfo Running = new("e1", "tiny.v1", EvaluationStates.Running, 0, 4);

    private sealed class Recorder(Action<EvaluationInfo>? onReport = null) : IProgress<EvaluationInfo>
    {
        public List<EvaluationInfo> Reports { get; } = [];

        public void Report(EvaluationInfo value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    [Fact]
    public async Task PollsUntilCompletedReportingEveryStateRead()
    {
        var states = new[] { Running, Running with { BatchesDone = 2 }, Running with { State = EvaluationStates.Completed, BatchesDone = 4 } };
        var api = new FakeApi().JsonInTurn(HttpMethod.Get, Path, states);
        var progress = new Recorder();

        var final = await TestClient.For(api).WaitForCompletionAsync("e1", progress, TimeSpan.Zero);

        Assert.Equal(states[2], final);
        Assert.Equal(states, progress.Reports);
        Assert.Equal(3, api.Requests.Count);
    }

    [Fact]
    public async Task AFailedEvaluationThrowsWithTheServersError()
    {
        var failed = Running with { State = EvaluationStates.Failed, BatchesDone = 1, Error = "CUDA out of memory" };
        var api = new FakeApi().JsonInTurn(HttpMethod.Get, Path, Running, failed);
        var progress = new Recorder();

        var error = await Assert.ThrowsAsync<EvaluationFailedException>(() => TestClient.For(api).WaitForCompletionAsync("e1", progress, TimeSpan.Zero));

        Assert.Equal("Evaluation 'e1' failed: CUDA out of memory", error.Message);
        Assert.Equal(failed, error.Evaluation);
        Assert.Equal([Running, failed], progress.Reports);
    }

    [Fact]
    public async Task ACancelledEvaluationIsReturnedForTheCallerToCheck()
    {
        var cancelled = Running with { State = EvaluationStates.Cancelled, BatchesDone = 1 };
        var api = new FakeApi().JsonInTurn(HttpMethod.Get, Path, Running, cancelled);
        var final = await TestClient.For(api).WaitForCompletionAsync("e1", pollInterval: TimeSpan.Zero);
        Assert.Equal(cancelled, final);
    }

    [Fact]
    public async Task CancellingStopsTheWaitBetweenPolls()
    {
        var api = new FakeApi().Json(HttpMethod.Get, Path, Running);
        using var cancellation = new CancellationTokenSource();
        // An hour between polls: the wait can only end by the cancellation requested after the first read.
        var progress = new Recorder(_ => cancellation.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TestClient.For(api).WaitForCompletionAsync("e1", progress, TimeSpan.FromHours(1), cancellation.Token));

        Assert.Single(progress.Reports);
    }

    [Fact]
    public async Task ADatabaseOutageOrAnApiRestartDoesNotEndTheWait()
    {
        // The evaluation survives the outage; so must the caller waiting for it: 503s (with the server's Retry-After)
        // and a refused connection are ridden out, and the wait ends with the evaluation's own outcome.
        var completed = Running with { State = EvaluationStates.Completed, BatchesDone = 4 };
        var api = new FakeApi()
            .Json(HttpMethod.Get, Path, Running)
            .Problem(HttpMethod.Get, Path, HttpStatusCode.ServiceUnavailable, "The service is unavailable", "The state database (PostgreSQL) cannot be used. Retry shortly.", TimeSpan.Zero)
            .Problem(HttpMethod.Get, Path, HttpStatusCode.ServiceUnavailable, "The service is unavailable", "The state database (PostgreSQL) cannot be used. Retry shortly.", TimeSpan.Zero)
            .Unreachable(HttpMethod.Get, Path)
            .Json(HttpMethod.Get, Path, completed);
        var progress = new Recorder();

        var final = await TestClient.For(api).WaitForCompletionAsync("e1", progress, TimeSpan.Zero);

        Assert.Equal(completed, final);
        Assert.Equal([Running, completed], progress.Reports);
        Assert.Equal(5, api.Requests.Count);
    }

    [Fact]
    public async Task AnOutageLongerThanTheToleranceEndsTheWaitWithTheServersWords()
    {
        var api = new FakeApi()
            .Json(HttpMethod.Get, Path, Running)
            .Problem(HttpMethod.Get, Path, HttpStatusCode.ServiceUnavailable, "The service is unavailable", "The state database (PostgreSQL) cannot be used. Retry shortly.", TimeSpan.FromMilliseconds(20));

        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() =>
            TestClient.For(api).WaitForCompletionAsync("e1", pollInterval: TimeSpan.Zero, outageTolerance: TimeSpan.FromMilliseconds(200)));

        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromMilliseconds(20), error.RetryAfter);
        Assert.Contains("PostgreSQL", error.Message);
        Assert.True(api.Requests.Count >= 3, $"{api.Requests.Count} requests: the wait gave up without retrying");
    }

    [Fact]
    public async Task ARefusalEndsTheWaitAtOnce()
    {
        var api = new FakeApi().Problem(HttpMethod.Get, Path, HttpStatusCode.NotFound, "Not found", "No evaluation 'e1' for this tenant.");

        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => TestClient.For(api).WaitForCompletionAsync("e1", pollInterval: TimeSpan.Zero));

        Assert.False(error.IsTransient);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task ANegativePollIntervalIsRejected()
    {
        var api = new FakeApi();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TestClient.For(api).WaitForCompletionAsync("e1", pollInterval: TimeSpan.FromSeconds(-1)));
        Assert.Empty(api.Requests);
    }
}
