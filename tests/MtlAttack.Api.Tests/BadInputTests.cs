using System.Text;
using System.Text.Json.Nodes;

namespace MtlAttack.Api.Tests;

/// <summary>
/// A corpus of bad requests: each is answered with a 4xx problem detail that says what to fix, nothing is left
/// half-registered, and the service keeps serving.
/// </summary>
[Collection(ApiCollection.Name)]
public class BadInputTests(ApiService service)
{
    public static TheoryData<string, string, HttpStatusCode, string> Evaluations => new()
    {
        { "malformed JSON", """{"modelId": "ok", "dataset": """, HttpStatusCode.BadRequest, "not a valid StartEvaluationRequest" },
        { "JSON null", "null", HttpStatusCode.BadRequest, "JSON null" },
        { "missing dataset", """{"modelId": "ok"}""", HttpStatusCode.BadRequest, "dataset" },
        { "wrong type", """{"modelId": "ok", "dataset": "synthetic", "epsilons": "four"}""", HttpStatusCode.BadRequest, "epsilons" },
        { "unknown algorithm", """{"modelId": "ok", "dataset": "DATASET", "algorithms": ["bim2"]}""", HttpStatusCode.BadRequest, "bim2" },
        { "unknown objective", """{"modelId": "ok", "dataset": "DATASET", "objectives": ["maxloss"]}""", HttpStatusCode.BadRequest, "maxloss" },
        { "unknown task", """{"modelId": "ok", "dataset": "DATASET", "objectives": ["single(keypoints3d)"]}""", HttpStatusCode.BadRequest, "keypoints3d" },
        { "negative epsilon", """{"modelId": "ok", "dataset": "DATASET", "epsilons": [-1]}""", HttpStatusCode.BadRequest, "epsilon" },
        { "huge epsilon", """{"modelId": "ok", "dataset": "DATASET", "epsilons": [1e9]}""", HttpStatusCode.BadRequest, "epsilon" },
        { "NaN epsilon", """{"modelId": "ok", "dataset": "DATASET", "epsilons": [NaN]}""", HttpStatusCode.BadRequest, "epsilons" },
        { "L-infinity epsilon above 255", """{"modelId": "ok", "dataset": "DATASET", "algorithms": ["pgd"], "epsilons": [300]}""", HttpStatusCode.BadRequest, "outside the L-infinity budget of pgd, 0..255 pixel units" },
        { "L2 epsilon above the image's diameter", """{"modelId": "ok", "dataset": "DATASET", "algorithms": ["pgd-l2"], "epsilons": [1e9]}""", HttpStatusCode.BadRequest, "outside the L2 budget of pgd-l2" },
        { "unknown protocol", """{"modelId": "ok", "dataset": "DATASET", "protocol": "paper"}""", HttpStatusCode.BadRequest, "Unknown protocol 'paper': use ours or reference." },
        { "zero restarts", """{"modelId": "ok", "dataset": "DATASET", "restarts": 0}""", HttpStatusCode.BadRequest, "Restarts is 0" },
        { "ensemble of two norms", """{"modelId": "ok", "dataset": "DATASET", "algorithms": ["ensemble(pgd,pgd-l2)"]}""", HttpStatusCode.BadRequest, "share one norm" },
        { "zero steps", """{"modelId": "ok", "dataset": "DATASET", "steps": 0}""", HttpStatusCode.BadRequest, "steps" },
        { "zero batch", """{"modelId": "ok", "dataset": "DATASET", "batchSize": 0}""", HttpStatusCode.BadRequest, "batch" },
        { "malformed dataset SPEC", """{"modelId": "ok", "dataset": "synthetic:count=banana"}""", HttpStatusCode.BadRequest, "count" },
        { "missing dataset files", """{"modelId": "ok", "dataset": "nyuv2:/nonexistent/nyu"}""", HttpStatusCode.BadRequest, "nyu" },
        { "negative saveAdversarial", """{"modelId": "ok", "dataset": "DATASET", "saveAdversarial": -1}""", HttpStatusCode.BadRequest, "saveAdversarial is -1; ask for 0 (none) to 64" },
        { "too many adversarial examples", """{"modelId": "ok", "dataset": "DATASET", "saveAdversarial": 65}""", HttpStatusCode.BadRequest, "saveAdversarial is 65; ask for 0 (none) to 64" },
        { "unknown split", """{"modelId": "ok", "dataset": "DATASET", "split": "holdout"}""", HttpStatusCode.BadRequest, "holdout" },
        { "malformed model id", """{"modelId": "Not A Name!", "dataset": "DATASET"}""", HttpStatusCode.BadRequest, "model name" },
        { "unknown model", """{"modelId": "never-uploaded", "dataset": "DATASET"}""", HttpStatusCode.NotFound, "never-uploaded" },
    };

    [Theory]
    [MemberData(nameof(Evaluations))]
    public async Task BadEvaluationRequestsAreProblemsThatSayWhatToFix(string what, string body, HttpStatusCode status, string detail)
    {
        _ = what;
        await EnsureModelAsync();
        using var http = service.Http(service.AlphaKey);
        var content = new StringContent(body.Replace("DATASET", ApiService.Dataset, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        await Problems.ExpectAsync(await http.PostAsync("/v1/evaluations", content), status, detail);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task ANonJsonBodyIsUnsupported()
    {
        using var http = service.Http(service.AlphaKey);
        await Problems.ExpectAsync(await http.PostAsync("/v1/evaluations", new StringContent("modelId=ok", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "application/json");
    }

    public static TheoryData<string, HttpStatusCode, string> UploadCases => new()
    {
        { "no multipart", HttpStatusCode.UnsupportedMediaType, "multipart/form-data" },
        { "no weights", HttpStatusCode.BadRequest, "'weights'" },
        { "no spec", HttpStatusCode.BadRequest, "'spec'" },
        { "unknown part", HttpStatusCode.BadRequest, "Unknown part 'checkpoint'" },
        { "empty weights", HttpStatusCode.BadRequest, "empty" },
        { "over the size limit", HttpStatusCode.RequestEntityTooLarge, "limit" },
        { "garbage safetensors", HttpStatusCode.BadRequest, "safetensors" },
        { "truncated safetensors", HttpStatusCode.BadRequest, "safetensors" },
        { "shape mismatch", HttpStatusCode.BadRequest, "shape" },
        { "malformed model.json", HttpStatusCode.BadRequest, "model.json" },
        { "millions of classes", HttpStatusCode.BadRequest, "task 'segment_semantic' has 25000000 output channels; a head has 1 to 4096" },
        { "a huge input size", HttpStatusCode.BadRequest, "input size 100000x100000 is outside 1..4096 on a side" },
        { "a head the weights lack", HttpStatusCode.BadRequest, "but the network expects [4096," },
        { "NaN weights", HttpStatusCode.BadRequest, "NaN" },
        { "malformed name", HttpStatusCode.BadRequest, "model name" },
        { "unknown accelerator", HttpStatusCode.BadRequest, "accelerator" },
        { "taken name", HttpStatusCode.Conflict, "already has a model 'ok'" },
    };

    [Theory]
    [MemberData(nameof(UploadCases))]
    public async Task BadUploadsAreProblemsAndLeaveNothingBehind(string what, HttpStatusCode status, string detail)
    {
        await EnsureModelAsync();
        using var http = service.Http(service.AlphaKey);
        string spec = Uploads.Spec(service.Checkpoint), weights = Uploads.Weights(service.Checkpoint);
        byte[] weightBytes = File.ReadAllBytes(weights), specBytes = File.ReadAllBytes(spec);
        string name = $"bad-{what.Replace(' ', '-').Replace(".", "")}";
        HttpContent content = what switch
        {
            "no multipart" => new ByteArrayContent(weightBytes),
            "no weights" => Uploads.Form(specBytes, null, name),
            "no spec" => Uploads.Form(null, weightBytes, name),
            "unknown part" => WithExtraPart(Uploads.Form(specBytes, weightBytes, name), "checkpoint"),
            "empty weights" => Uploads.Form(specBytes, [], name),
            "over the size limit" => Uploads.Form(specBytes, new byte[ApiService.MaxCheckpointBytes + 1], name),
            "garbage safetensors" => Uploads.Form(specBytes, Encoding.ASCII.GetBytes("this is not a safetensors file at all"), name),
            "truncated safetensors" => Uploads.Form(specBytes, weightBytes[..(weightBytes.Length / 2)], name),
            "shape mismatch" => Uploads.Form(specBytes, ReshapeFirstTensor(weightBytes), name),
            "malformed model.json" => Uploads.Form(Encoding.UTF8.GetBytes("{\"backbone\": "), weightBytes, name),
            "millions of classes" => Uploads.Form(ChangeSpec(specBytes, spec => { spec["tasks"]![0]!["outputChannels"] = 25_000_000; spec["tasks"]![0]!["classes"] = 25_000_000; }), weightBytes, name),
            "a huge input size" => Uploads.Form(ChangeSpec(specBytes, spec => { spec["inputHeight"] = 100_000; spec["inputWidth"] = 100_000; }), weightBytes, name),
            "a head the weights lack" => Uploads.Form(ChangeSpec(specBytes, spec => { spec["tasks"]![0]!["outputChannels"] = 4096; spec["tasks"]![0]!["classes"] = 4096; }), weightBytes, name),
            "NaN weights" => Uploads.Form(Uploads.Spec(service.NaNCheckpoint), Uploads.Weights(service.NaNCheckpoint), name),
            "malformed name" => Uploads.Form(specBytes, weightBytes, "Bad Name!"),
            "unknown accelerator" => Uploads.Form(specBytes, weightBytes, name, "tpu"),
            "taken name" => Uploads.Form(specBytes, weightBytes, "ok"),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        var before = Leftovers();
        await Problems.ExpectAsync(await http.PostAsync("/v1/models", content), status, detail);

        Assert.Equal(before, Leftovers());
        Assert.DoesNotContain(await service.Sdk(service.AlphaKey).ListModelsAsync(), m => m.Id == name);
        await Problems.ExpectAsync(await http.GetAsync($"/v1/models/{name}"), HttpStatusCode.NotFound);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task ReportFormatsAndCompareArgumentsAreChecked()
    {
        using var http = service.Http(service.AlphaKey);
        await Problems.ExpectAsync(await http.GetAsync("/v1/evaluations/x/report?format=pdf"), HttpStatusCode.BadRequest, "json, csv, md");
        await Problems.ExpectAsync(await http.GetAsync("/v1/reports/compare"), HttpStatusCode.BadRequest, "ids=");
        await Problems.ExpectAsync(await http.GetAsync("/v1/nothing-here"), HttpStatusCode.NotFound, "/openapi/v1.json");
        // A value of the wrong type names the parameter and the value, in every environment.
        string limit = await Problems.ExpectAsync(await http.GetAsync("/v1/evaluations?limit=abc"), HttpStatusCode.BadRequest, "limit");
        Assert.Contains("abc", limit);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task ALimitOutOfRangeSaysWhichRangeIsAllowed()
    {
        using var http = service.Http(service.AlphaKey);
        foreach (var limit in new[] { "100000000000", "0", "1001", "-5" })
        {
            string detail = await Problems.ExpectAsync(await http.GetAsync($"/v1/evaluations?limit={limit}"), HttpStatusCode.BadRequest,
                "limit must be a whole number from 1 to 1000");
            Assert.Contains($"got '{limit}'", detail);
            Assert.DoesNotContain("Failed to bind", detail);
        }
    }

    [Fact]
    public async Task ARefusedRequestIsLoggedInOneLineNotAsAnErrorWithAStackTrace()
    {
        await EnsureModelAsync();
        using var http = service.Http(service.AlphaKey);
        string marker = $"nosuch{Guid.NewGuid():N}";
        var body = JsonContent.Create(new StartEvaluationRequest { ModelId = "ok", Dataset = ApiService.Dataset, Algorithms = [marker] });
        await Problems.ExpectAsync(await http.PostAsync("/v1/evaluations", body), HttpStatusCode.BadRequest, marker);

        var mentions = service.Logs.Where(e => e.Message.Contains(marker, StringComparison.Ordinal) || (e.Exception?.Contains(marker, StringComparison.Ordinal) ?? false)).ToList();
        var entry = Assert.Single(mentions);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Contains("POST /v1/evaluations refused: 400", entry.Message);
    }

    [Fact]
    public async Task AnOverlongUrlIsAProblemDetail()
    {
        using var http = service.Http(service.AlphaKey);
        await Problems.ExpectAsync(await http.GetAsync($"/v1/evaluations?after={new string('a', 9000)}"), (HttpStatusCode)414,
            "this API takes up to 8,192");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task AMegabyteOfInputIsNotEchoedWhole()
    {
        await EnsureModelAsync();
        using var http = service.Http(service.AlphaKey);
        string huge = new('x', 1 << 20);
        var body = JsonContent.Create(new StartEvaluationRequest { ModelId = "ok", Dataset = ApiService.Dataset, Algorithms = [huge] });
        string detail = await Problems.ExpectAsync(await http.PostAsync("/v1/evaluations", body), HttpStatusCode.BadRequest, "Unknown attack algorithm");
        Assert.Contains("(1,048,576 characters)", detail);
        Assert.True(detail.Length < 1000, $"the detail is {detail.Length} characters long");
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    [InlineData("")]
    public async Task PurgeTakesOnlyTrueOrFalse(string purge)
    {
        using var http = service.Http(service.AlphaKey);
        string detail = await Problems.ExpectAsync(await http.DeleteAsync($"/v1/evaluations/x?purge={purge}"), HttpStatusCode.BadRequest,
            "purge must be true (remove an ended evaluation with its report and files) or false (cancel it, as when left out)");
        Assert.Contains($"got '{purge}'", detail);
        await AssertStillServingAsync();
    }

    private async Task EnsureModelAsync()
    {
        var sdk = service.Sdk(service.AlphaKey);
        if ((await sdk.ListModelsAsync()).All(m => m.Id != "ok"))
        {
            try { await sdk.UploadModelAsync(service.Checkpoint, name: "ok"); }
            catch (MtlAttackApiException e) when (e.Status == HttpStatusCode.Conflict) { } // another test got there first
        }
    }

    private async Task AssertStillServingAsync()
    {
        var sdk = service.Sdk(service.AlphaKey);
        Assert.Equal("ok", (await sdk.GetHealthAsync()).Status);
        Assert.Equal("ok", (await sdk.GetModelAsync("ok")).Id);
    }

    /// <summary>Uploaded folders on disk: a rejected upload must leave none behind (the accepted ones stay).</summary>
    private HashSet<string> Leftovers() =>
        Directory.Exists(service.BlobPath)
            ? Directory.EnumerateDirectories(service.BlobPath, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().ToHashSet()
            : [];

    private static MultipartFormDataContent WithExtraPart(MultipartFormDataContent form, string part)
    {
        form.Add(new ByteArrayContent([1, 2, 3]), part, "extra.bin");
        return form;
    }

    private static byte[] ChangeSpec(byte[] spec, Action<JsonNode> change)
    {
        var json = JsonNode.Parse(spec)!;
        change(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>The same bytes, but the first tensor's header shape changed to another with as many elements: valid safetensors, wrong shape.</summary>
    private static byte[] ReshapeFirstTensor(byte[] safetensors)
    {
        long headerLength = BitConverter.ToInt64(safetensors, 0);
        var header = JsonNode.Parse(safetensors.AsSpan(8, (int)headerLength))!.AsObject();
        var (name, entry) = header.First(kv => kv.Key != "__metadata__" && kv.Value!["shape"]!.AsArray().Count >= 2);
        var shape = entry!["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
        entry["shape"] = new JsonArray(shape.Aggregate(1L, (a, b) => a * b), 1);
        _ = name;
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = new byte[(json.Length + 7) / 8 * 8];
        Array.Fill(padded, (byte)' ');
        json.CopyTo(padded, 0);
        return [.. BitConverter.GetBytes((long)padded.Length), .. padded, .. safetensors.AsSpan(8 + (int)headerLength)];
    }
}
