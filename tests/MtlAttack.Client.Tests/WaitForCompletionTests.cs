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
    public async Task ANegativePollIntervalIsRejected()
    {
        var api = new FakeApi();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TestClient.For(api).WaitForCompletionAsync("e1", pollInterval: TimeSpan.FromSeconds(-1)));
        Assert.Empty(api.Requests);
    }
}
