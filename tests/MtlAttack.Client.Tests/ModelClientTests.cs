namespace MtlAttack.Client.Tests;

public sealed class ModelClientTests : IDisposable
{
    private static readonly ModelInfo Registered = new("tiny.v1", ["segment_semantic", "depth_zbuffer"], "small", "shared", "cpu");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mtlattack-client-tests", Guid.NewGuid().ToString("N"));

    public ModelClientTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private FakeApi UploadAnswering() => new FakeApi().Json(HttpMethod.Post, "/v1/models", Registered, HttpStatusCode.Created);

    private void WriteCheckpoint(bool spec = true, bool weights = true)
    {
        if (spec) File.WriteAllText(Path.Combine(folder, MtlAttackClient.SpecFileName), """{"tasks":["depth_zbuffer"]}""");
        if (weights) File.WriteAllText(Path.Combine(folder, MtlAttackClient.WeightsFileName), "WEIGHTS");
    }

    [Fact]
    public async Task UploadSendsBothFilesAndTheTextFieldsAsMultipart()
    {
        WriteCheckpoint();
        var api = UploadAnswering();

        var model = await TestClient.For(api).UploadModelAsync(folder, "tiny.v1", "cuda");

        Assert.Equal(Registered.Id, model.Id);
        Assert.Equal(Registered.Tasks, model.Tasks);
        var request = api.Single(HttpMethod.Post, "/v1/models");
        Assert.Equal("multipart/form-data", request.MediaType);
        Assert.Equal(TestClient.Key, request.ApiKey);
        Assert.Equal(["spec", "weights", "name", "accelerator"], request.Parts.Select(p => p.Name));
        Assert.Equal(("model.json", """{"tasks":["depth_zbuffer"]}"""), (request.Part("spec").FileName, request.Part("spec").Text));
        Assert.Equal(("weights.safetensors", "WEIGHTS"), (request.Part("weights").FileName, request.Part("weights").Text));
        Assert.Equal(("", "tiny.v1"), (request.Part("name").FileName, request.Part("name").Text));
        Assert.Equal("cuda", request.Part("accelerator").Text);
    }

    [Fact]
    public async Task UploadLeavesOutTheTextFieldsNotGiven()
    {
        WriteCheckpoint();
        var api = UploadAnswering();
        await TestClient.For(api).UploadModelAsync(folder);
        Assert.Equal(["spec", "weights"], api.Single(HttpMethod.Post, "/v1/models").Parts.Select(p => p.Name));
    }

    [Fact]
    public async Task UploadFromStreamsLeavesThemOpenForTheCaller()
    {
        var api = UploadAnswering();
        using var spec = new MemoryStream("{}"u8.ToArray());
        using var weights = new MemoryStream("W"u8.ToArray());

        await TestClient.For(api).UploadModelAsync(spec, weights, accelerator: "cpu");

        Assert.True(spec.CanRead && weights.CanRead);
        var request = api.Single(HttpMethod.Post, "/v1/models");
        Assert.Equal(["{}", "W", "cpu"], request.Parts.Select(p => p.Text));
    }

    [Theory]
    [InlineData(false, true, "has no model.json;")]
    [InlineData(true, false, "has no weights.safetensors;")]
    [InlineData(false, false, "has no model.json and no weights.safetensors;")]
    public async Task UploadNamesTheMissingCheckpointFilesWithoutSending(bool spec, bool weights, string expected)
    {
        WriteCheckpoint(spec, weights);
        var api = UploadAnswering();
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => TestClient.For(api).UploadModelAsync(folder));
        Assert.Contains(expected, error.Message);
        Assert.Contains(folder, error.Message);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task ATorchScriptFolderSendsTheArchiveItsModelJsonNames()
    {
        File.WriteAllText(Path.Combine(folder, MtlAttackClient.SpecFileName), """{"format":"torchscript","file":"net.pt","tasks":[{"name":"normal"}]}""");
        File.WriteAllText(Path.Combine(folder, "net.pt"), "ARCHIVE");
        var api = UploadAnswering();

        await TestClient.For(api).UploadModelAsync(folder, "mine");

        var request = api.Single(HttpMethod.Post, "/v1/models");
        Assert.Equal(["spec", "weights", "name"], request.Parts.Select(p => p.Name));
        Assert.Equal(("net.pt", "ARCHIVE"), (request.Part("weights").FileName, request.Part("weights").Text));
    }

    [Theory]
    [InlineData("""{"format":"torchscript","file":"net.pt"}""", "has no net.pt; its model.json names the TorchScript file net.pt")]
    [InlineData("""{"format":"torchscript"}""", "names no \"file\"")]
    [InlineData("""{"format":"torchscript","file":"../net.pt"}""", "must be a plain file name beside model.json")]
    public async Task ATorchScriptFolderWhoseArchiveCannotBeFoundIsRefusedWithoutSending(string spec, string expected)
    {
        File.WriteAllText(Path.Combine(folder, MtlAttackClient.SpecFileName), spec);
        var api = UploadAnswering();
        var error = await Assert.ThrowsAnyAsync<SystemException>(() => TestClient.For(api).UploadModelAsync(folder));
        Assert.Contains(expected, error.Message);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task UploadOfAMissingFolderSaysSo()
    {
        var api = UploadAnswering();
        string missing = Path.Combine(folder, "nope");
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => TestClient.For(api).UploadModelAsync(missing));
        Assert.Contains(missing, error.Message);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task UploadRejectsAnUnknownAccelerator()
    {
        WriteCheckpoint();
        var api = UploadAnswering();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestClient.For(api).UploadModelAsync(folder, accelerator: "tpu"));
        Assert.Contains("use cuda or cpu", error.Message);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task ModelsAreListedAndShown()
    {
        var loaded = Registered with { Silo = "silo-gpu-1", Device = "cuda:0" };
        var api = new FakeApi()
            .Json(HttpMethod.Get, "/v1/models", (ModelInfo[])[Registered, Registered with { Id = "other" }])
            .Json(HttpMethod.Get, "/v1/models/tiny.v1", loaded);
        var client = TestClient.For(api);

        var models = await client.ListModelsAsync();
        var shown = await client.GetModelAsync("tiny.v1");

        Assert.Equal(["tiny.v1", "other"], models.Select(m => m.Id));
        Assert.Equal(loaded, shown with { Tasks = loaded.Tasks });
        Assert.Equal(loaded.Tasks, shown.Tasks);
    }

    [Fact]
    public async Task IdsAreEscapedIntoOnePathSegment()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/models/a%2Fb", Registered);
        await TestClient.For(api).GetModelAsync("a/b");
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task DeleteSendsADeleteWithTheKeyAndReadsTheEmptyAnswer()
    {
        var api = new FakeApi().NoContent(HttpMethod.Delete, "/v1/models/tiny.v1");

        await TestClient.For(api).DeleteModelAsync("tiny.v1");

        var request = api.Single(HttpMethod.Delete, "/v1/models/tiny.v1");
        Assert.Equal(TestClient.Key, request.ApiKey);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task DeletingAModelWithARunningEvaluationIsTheServers409()
    {
        var api = new FakeApi().Problem(HttpMethod.Delete, "/v1/models/tiny.v1", HttpStatusCode.Conflict, "Model in use",
            "Evaluation 'acme.e1' of model 'tiny.v1' is still running; cancel it or wait for it to finish.");

        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => TestClient.For(api).DeleteModelAsync("tiny.v1"));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Contains("Evaluation 'acme.e1' of model 'tiny.v1' is still running; cancel it or wait for it to finish.", error.Message);
    }

    [Fact]
    public async Task DeleteEscapesTheIdIntoOnePathSegment()
    {
        var api = new FakeApi().NoContent(HttpMethod.Delete, "/v1/models/a%2Fb%20c");
        await TestClient.For(api).DeleteModelAsync("a/b c");
        Assert.Single(api.Requests);
    }
}
