using System.Text;
using System.Text.Json;

namespace MtlAttack.Api.Tests;

/// <summary>
/// <c>saveAdversarial</c> end to end: the grains write the examples into a folder the API picked under the blob path,
/// and the API lists and serves exactly those files, never the folder's name and never anything beside them.
/// </summary>
[Collection(ApiCollection.Name)]
public class AdversarialExampleTests(ApiService service)
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static StartEvaluationRequest Small(string model, int? saveAdversarial) => new()
    {
        ModelId = model,
        Dataset = ApiService.Dataset,
        Algorithms = ["fgsm"],
        Objectives = ["total", "dgba"],
        Epsilons = [4],
        MaxSamples = 4,
        BatchSize = 4,
        SaveAdversarial = saveAdversarial,
    };

    [Fact]
    public async Task SavedExamplesAreListedAndDownloadedPerCellAndNothingElseIsServed()
    {
        var sdk = service.Sdk(service.AlphaKey);
        using var http = service.Http(service.AlphaKey);
        await EnsureModelAsync(sdk, "adv");
        var started = await sdk.StartEvaluationAsync(Small("adv", saveAdversarial: 2));
        var done = await sdk.WaitForCompletionAsync(started.Id, pollInterval: TimeSpan.FromMilliseconds(50));
        Assert.Equal(EvaluationStates.Completed, done.State);

        var files = await sdk.ListAdversarialFilesAsync(started.Id);
        Assert.Equal(
            ["fgsm-dgba-eps4.png", "fgsm-dgba-eps4.safetensors", "fgsm-total-eps4.png", "fgsm-total-eps4.safetensors"],
            files.Select(f => f.Name));
        Assert.All(files, f => Assert.Equal(f.Name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "application/octet-stream", f.MediaType));
        Assert.All(files, f => Assert.True(f.Bytes > PngSignature.Length, $"{f.Name}: {f.Bytes} bytes"));

        var strip = files.First(f => f.MediaType == AdversarialMediaTypes.Png);
        using var png = new MemoryStream();
        await sdk.DownloadAdversarialFileAsync(started.Id, strip.Name, png);
        Assert.Equal(strip.Bytes, png.Length);
        Assert.Equal(PngSignature, png.ToArray()[..PngSignature.Length]);
        var served = await http.GetAsync($"/v1/evaluations/{started.Id}/adversarial/{strip.Name}");
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);

        var tensorsFile = files.First(f => f.MediaType == AdversarialMediaTypes.SafeTensors);
        using var tensors = new MemoryStream();
        await sdk.DownloadAdversarialFileAsync(started.Id, tensorsFile.Name, tensors);
        byte[] bytes = tensors.ToArray();
        Assert.Equal(tensorsFile.Bytes, bytes.Length);
        long headerLength = BitConverter.ToInt64(bytes, 0); // safetensors: an 8-byte little-endian header length, then JSON
        Assert.InRange(headerLength, 2, bytes.Length - 8);
        var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength)).RootElement;
        Assert.True(header.TryGetProperty("clean", out _) && header.TryGetProperty("adversarial", out _), Encoding.UTF8.GetString(bytes, 8, (int)headerLength));
        Assert.Equal("2", header.GetProperty("__metadata__").GetProperty("samples").GetString());

        // The report is written beside the examples and still served as before.
        var report = JsonDocument.Parse(await sdk.GetReportAsync(started.Id)).RootElement;
        Assert.Equal(2, report.GetProperty("cells").GetArrayLength());

        // The examples live in a folder of the blob path that no answer names.
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(service.BlobPath, "evaluations", "alpha")),
            d => File.Exists(Path.Combine(d, "adversarial", tensorsFile.Name)) && Directory.GetFiles(Path.Combine(d, "adversarial")).Length == files.Count);
        foreach (var path in new[] { $"/v1/evaluations/{started.Id}", "/v1/evaluations", $"/v1/evaluations/{started.Id}/adversarial" })
        {
            string body = await http.GetStringAsync(path);
            Assert.DoesNotContain(service.BlobPath, body);
            Assert.DoesNotContain(Path.GetFileName(folder), body);
        }

        foreach (var name in new[] { "..%2F..%2Fetc%2Fpasswd", "report.json", "..%2Freport.json", "%2Fetc%2Fpasswd", "fgsm-dgba-eps4", "FGSM-DGBA-EPS4.PNG" })
            await Problems.ExpectAsync(await http.GetAsync($"/v1/evaluations/{started.Id}/adversarial/{name}"), HttpStatusCode.NotFound,
                $"GET /v1/evaluations/{started.Id}/adversarial lists its files");
        // A name with a slash is two path segments: no endpoint has that shape.
        await Problems.ExpectAsync(await http.GetAsync($"/v1/evaluations/{started.Id}/adversarial/adversarial/{strip.Name}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnEvaluationThatSavedNothingListsNoFiles()
    {
        var sdk = service.Sdk(service.AlphaKey);
        await EnsureModelAsync(sdk, "adv");
        var started = await sdk.StartEvaluationAsync(Small("adv", saveAdversarial: null));
        await sdk.WaitForCompletionAsync(started.Id, pollInterval: TimeSpan.FromMilliseconds(50));

        using var http = service.Http(service.AlphaKey);
        var listing = await http.GetAsync($"/v1/evaluations/{started.Id}/adversarial");
        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        Assert.Equal("[]", await listing.Content.ReadAsStringAsync());
        await Problems.ExpectAsync(await http.GetAsync($"/v1/evaluations/{started.Id}/adversarial/fgsm-dgba-eps4.png"), HttpStatusCode.NotFound, "fgsm-dgba-eps4.png");
    }

    [Fact]
    public async Task TheFilesAreAConflictUntilTheEvaluationCompletes()
    {
        var sdk = service.Sdk(service.AlphaKey);
        await sdk.UploadModelAsync(service.OtherCheckpoint, name: "adv-slow");
        var running = await sdk.StartEvaluationAsync(ApiService.LongRunning("adv-slow") with { SaveAdversarial = 1 });

        using var http = service.Http(service.AlphaKey);
        string early = await Problems.ExpectAsync(await http.GetAsync($"/v1/evaluations/{running.Id}/adversarial"), HttpStatusCode.Conflict, "still running");
        Assert.Contains("adversarial examples will be ready once it completes", early);
        await Problems.ExpectAsync(await http.GetAsync($"/v1/evaluations/{running.Id}/adversarial/pgd-dgba-eps4.png"), HttpStatusCode.Conflict, "still running");

        await sdk.CancelEvaluationAsync(running.Id);
        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => sdk.ListAdversarialFilesAsync(running.Id));
        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Contains("cancelled and has no adversarial examples", error.Detail);
    }

    private async Task EnsureModelAsync(MtlAttackClient sdk, string name)
    {
        if ((await sdk.ListModelsAsync()).Any(m => m.Id == name)) return;
        try { await sdk.UploadModelAsync(service.Checkpoint, name: name); }
        catch (MtlAttackApiException e) when (e.Status == HttpStatusCode.Conflict) { } // another test got there first
    }
}
