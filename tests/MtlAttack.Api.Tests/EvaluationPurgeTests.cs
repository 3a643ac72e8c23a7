namespace MtlAttack.Api.Tests;

/// <summary>
/// <c>DELETE /v1/evaluations/{id}?purge=true</c>: an ended evaluation goes with its report and the files it saved under
/// the blob path, while a plain DELETE still only cancels, as the spec fixes it.
/// </summary>
[Collection(ApiCollection.Name)]
public class EvaluationPurgeTests(ApiService service)
{
    private string EvaluationFolders => Path.Combine(service.BlobPath, "evaluations", "alpha");

    // Cells unlike AdversarialExampleTests' own, so that its search for its folder by file names never finds this one.
    private static StartEvaluationRequest Small(string model) => new()
    {
        ModelId = model,
        Dataset = ApiService.Dataset,
        Algorithms = ["fgsm"],
        Objectives = ["total"],
        Epsilons = [2],
        MaxSamples = 4,
        BatchSize = 4,
        SaveAdversarial = 1,
    };


    [Fact]
    public async Task PurgingACompletedEvaluationRemovesItItsReportAndItsSavedFiles()
    {
        var sdk = service.Sdk(service.AlphaKey);
        using var http = service.Http(service.AlphaKey);
        await sdk.UploadModelAsync(service.Checkpoint, name: "purge-done");
        var before = Folders();
        var started = await sdk.StartEvaluationAsync(Small("purge-done"));
        Assert.Equal(EvaluationStates.Completed, (await sdk.WaitForCompletionAsync(started.Id, pollInterval: TimeSpan.FromMilliseconds(50))).State);
        string folder = Assert.Single(Folders().Except(before));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "adversarial")));
        Assert.NotEmpty(await sdk.ListAdversarialFilesAsync(started.Id));

        // Without purge, DELETE cancels: an ended evaluation answers its state and keeps everything.
        var cancelled = await http.DeleteAsync($"/v1/evaluations/{started.Id}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(EvaluationStates.Completed, (await cancelled.Content.ReadFromJsonAsync<EvaluationInfo>())!.State);
        var notPurged = await http.DeleteAsync($"/v1/evaluations/{started.Id}?purge=false");
        Assert.Equal(HttpStatusCode.OK, notPurged.StatusCode);
        Assert.Equal(EvaluationStates.Completed, (await sdk.GetEvaluationAsync(started.Id)).State);
        Assert.Contains(await sdk.ListEvaluationsAsync(), e => e.Id == started.Id);
        Assert.NotEmpty(await sdk.GetReportAsync(started.Id));
        Assert.True(Directory.Exists(folder));

        var purged = await http.DeleteAsync($"/v1/evaluations/{started.Id}?purge=true");
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        Assert.Empty(await purged.Content.ReadAsByteArrayAsync());

        foreach (var path in new[]
        {
            $"/v1/evaluations/{started.Id}", $"/v1/evaluations/{started.Id}/report", $"/v1/evaluations/{started.Id}/adversarial",
            $"/v1/evaluations/{started.Id}/adversarial/fgsm-total-eps2.png", $"/v1/reports/compare?ids={started.Id}",
        })
            await Problems.ExpectAsync(await http.GetAsync(path), HttpStatusCode.NotFound, $"There is no evaluation '{started.Id}'");
        Assert.DoesNotContain(await sdk.ListEvaluationsAsync(), e => e.Id == started.Id);
        Assert.False(Directory.Exists(folder), $"{folder} is still there");
        await Problems.ExpectAsync(await http.DeleteAsync($"/v1/evaluations/{started.Id}?purge=true"), HttpStatusCode.NotFound, $"There is no evaluation '{started.Id}'");
        await Problems.ExpectAsync(await http.DeleteAsync($"/v1/evaluations/{started.Id}"), HttpStatusCode.NotFound, $"There is no evaluation '{started.Id}'");
        // The model and the tenant's other evaluations are untouched.
        Assert.Equal("purge-done", (await sdk.GetModelAsync("purge-done")).Id);
    }

    [Fact]
    public async Task ARunningEvaluationIsPurgedOnlyOnceCancelled()
    {
        var sdk = service.Sdk(service.AlphaKey);
        using var http = service.Http(service.AlphaKey);
        await sdk.UploadModelAsync(service.OtherCheckpoint, name: "purge-slow");
        var before = Folders();
        var running = await sdk.StartEvaluationAsync(ApiService.LongRunning("purge-slow"));

        string refused = await Problems.ExpectAsync(await http.DeleteAsync($"/v1/evaluations/{running.Id}?purge=true"), HttpStatusCode.Conflict, running.Id);
        Assert.Contains("cancel", refused);
        Assert.DoesNotContain(service.BlobPath, refused);
        Assert.Contains(await sdk.ListEvaluationsAsync(), e => e.Id == running.Id);
        Assert.Equal(EvaluationStates.Running, (await sdk.GetEvaluationAsync(running.Id)).State);

        Assert.Equal(EvaluationStates.Cancelled, (await sdk.CancelEvaluationAsync(running.Id)).State);
        await sdk.DeleteEvaluationAsync(running.Id);

        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => sdk.GetEvaluationAsync(running.Id));
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.DoesNotContain(await sdk.ListEvaluationsAsync(), e => e.Id == running.Id);
        // Whatever folder the evaluation was given under the blob path went with it.
        Assert.Equal(before, Folders());
    }

    [Fact]
    public async Task AnEvaluationThatSavedNoFilesIsPurgedToo()
    {
        var sdk = service.Sdk(service.AlphaKey);
        await sdk.UploadModelAsync(service.Checkpoint, name: "purge-plain");
        var before = Folders();
        var started = await sdk.StartEvaluationAsync(Small("purge-plain") with { SaveAdversarial = null });
        await sdk.WaitForCompletionAsync(started.Id, pollInterval: TimeSpan.FromMilliseconds(50));
        Assert.Equal(before, Folders());

        await sdk.DeleteEvaluationAsync(started.Id);

        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => sdk.GetReportAsync(started.Id));
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal(before, Folders());
    }

    private HashSet<string> Folders() => Directory.Exists(EvaluationFolders) ? [.. Directory.GetDirectories(EvaluationFolders)] : [];
}
