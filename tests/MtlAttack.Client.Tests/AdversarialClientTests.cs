namespace MtlAttack.Client.Tests;

public class AdversarialClientTests
{
    private const string Listing = "/v1/evaluations/e1/adversarial";
    private static readonly byte[] PngBytes = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2, 3];

    [Fact]
    public async Task StartSendsSaveAdversarialOnlyWhenSet()
    {
        var running = new EvaluationInfo("e1", "tiny.v1", EvaluationStates.Running, 0, 4);
        var api = new FakeApi().Json(HttpMethod.Post, "/v1/evaluations", running, HttpStatusCode.Accepted);
        var client = TestClient.For(api);

        await client.StartEvaluationAsync(new StartEvaluationRequest { ModelId = "tiny.v1", Dataset = "synthetic", SaveAdversarial = 2 });
        await client.StartEvaluationAsync(new StartEvaluationRequest { ModelId = "tiny.v1", Dataset = "synthetic" });

        var bodies = api.Requests.Select(r => r.Body).ToList();
        Assert.Equal("""{"modelId":"tiny.v1","dataset":"synthetic","saveAdversarial":2}""", bodies[0]);
        Assert.Equal("""{"modelId":"tiny.v1","dataset":"synthetic"}""", bodies[1]);
    }

    [Fact]
    public async Task TheListingIsReadAsFilesWithNameMediaTypeAndSize()
    {
        var api = new FakeApi().Json(HttpMethod.Get, Listing, (AdversarialFile[])
        [
            new("fgsm-dgba-eps4.png", AdversarialMediaTypes.Png, 1234),
            new("fgsm-dgba-eps4.safetensors", AdversarialMediaTypes.SafeTensors, 98765),
        ]);

        var files = await TestClient.For(api).ListAdversarialFilesAsync("e1");

        Assert.Equal(["fgsm-dgba-eps4.png", "fgsm-dgba-eps4.safetensors"], files.Select(f => f.Name));
        Assert.Equal(("image/png", 1234L), (files[0].MediaType, files[0].Bytes));
        Assert.Equal(("application/octet-stream", 98765L), (files[1].MediaType, files[1].Bytes));
        Assert.Equal(TestClient.Key, api.Single(HttpMethod.Get, Listing).ApiKey);
    }

    [Fact]
    public async Task ADownloadCopiesTheBytesIntoTheCallersStreamAndLeavesItOpen()
    {
        var api = new FakeApi().Bytes(HttpMethod.Get, $"{Listing}/fgsm-dgba-eps4.png", PngBytes, AdversarialMediaTypes.Png);
        using var destination = new MemoryStream();

        await TestClient.For(api).DownloadAdversarialFileAsync("e1", "fgsm-dgba-eps4.png", destination);

        Assert.Equal(PngBytes, destination.ToArray());
        Assert.True(destination.CanWrite);
        Assert.Equal(TestClient.Key, api.Single(HttpMethod.Get, $"{Listing}/fgsm-dgba-eps4.png").ApiKey);
    }

    [Theory]
    [InlineData("acme.e 1", "a b.png", "/v1/evaluations/acme.e%201/adversarial/a%20b.png")]
    [InlineData("e1", "../../etc/passwd", "/v1/evaluations/e1/adversarial/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("e1", "pgd-single_normal-eps0.5.png", "/v1/evaluations/e1/adversarial/pgd-single_normal-eps0.5.png")]
    public async Task IdsAndNamesStayOnePathSegmentEach(string evaluationId, string name, string path)
    {
        var api = new FakeApi().Bytes(HttpMethod.Get, path, [1], AdversarialMediaTypes.SafeTensors);
        await TestClient.For(api).DownloadAdversarialFileAsync(evaluationId, name, Stream.Null);
        Assert.Equal(path, Assert.Single(api.Requests).Path);
    }

    [Fact]
    public async Task TheListingEscapesTheEvaluationId()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/evaluations/acme.e%2F1/adversarial", Array.Empty<AdversarialFile>());
        Assert.Empty(await TestClient.For(api).ListAdversarialFilesAsync("acme.e/1"));
    }

    [Fact]
    public async Task AnUnlistedNameIsTheServers404AndNothingIsWritten()
    {
        var api = new FakeApi().Problem(HttpMethod.Get, $"{Listing}/report.json", HttpStatusCode.NotFound, "Not found",
            "Evaluation e1 has no adversarial example file 'report.json'.");
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => TestClient.For(api).DownloadAdversarialFileAsync("e1", "report.json", destination));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Contains("'report.json'", error.Detail);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task TheFilesOfARunningEvaluationAreA409()
    {
        var api = new FakeApi().Problem(HttpMethod.Get, Listing, HttpStatusCode.Conflict, "Conflict", "Evaluation e1 is still running (1 of 4 batches).");
        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => TestClient.For(api).ListAdversarialFilesAsync("e1"));
        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal("409 Conflict: Evaluation e1 is still running (1 of 4 batches).", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".")]
    [InlineData("..")]
    public async Task NamesThatAreNoFileAreRejectedBeforeAnyRequest(string name)
    {
        var api = new FakeApi();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => TestClient.For(api).DownloadAdversarialFileAsync("e1", name, Stream.Null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => TestClient.For(api).ListAdversarialFilesAsync(" "));
        await Assert.ThrowsAsync<ArgumentNullException>(() => TestClient.For(api).DownloadAdversarialFileAsync("e1", "a.png", null!));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task AFolderDownloadWritesEveryListedFileAndReportsEachInOrder()
    {
        byte[] tensors = [1, 2, 3, 4, 5];
        var api = new FakeApi()
            .Json(HttpMethod.Get, Listing, (AdversarialFile[])
            [
                new("fgsm-dgba-eps4.png", AdversarialMediaTypes.Png, PngBytes.Length),
                new("fgsm-dgba-eps4.safetensors", AdversarialMediaTypes.SafeTensors, tensors.Length),
            ])
            .Bytes(HttpMethod.Get, $"{Listing}/fgsm-dgba-eps4.png", PngBytes, AdversarialMediaTypes.Png)
            .Bytes(HttpMethod.Get, $"{Listing}/fgsm-dgba-eps4.safetensors", tensors, AdversarialMediaTypes.SafeTensors);
        string folder = Path.Combine(Directory.CreateTempSubdirectory("mtlattack-client-").FullName, "examples");
        try
        {
            var reported = new List<string>();
            var written = await TestClient.For(api).DownloadAdversarialFilesAsync("e1", folder, new Collect(reported));

            Assert.Equal(["fgsm-dgba-eps4.png", "fgsm-dgba-eps4.safetensors"], reported);
            Assert.Equal([(long)PngBytes.Length, tensors.Length], written.Select(f => f.Bytes));
            Assert.Equal(PngBytes, File.ReadAllBytes(Path.Combine(folder, "fgsm-dgba-eps4.png")));
            Assert.Equal(tensors, File.ReadAllBytes(written[1].Path));
            Assert.Equal(2, Directory.GetFiles(folder).Length);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("../outside.png")]
    [InlineData("sub/inside.png")]
    [InlineData("..")]
    public async Task AFolderDownloadRefusesANameThatIsNoPlainFileBeforeWritingAnything(string name)
    {
        var api = new FakeApi().Json(HttpMethod.Get, Listing, (AdversarialFile[])
            [new("fgsm-dgba-eps4.png", AdversarialMediaTypes.Png, 3), new(name, AdversarialMediaTypes.Png, 3)]);
        string folder = Path.Combine(Path.GetTempPath(), $"mtlattack-client-{Guid.NewGuid():N}");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => TestClient.For(api).DownloadAdversarialFilesAsync("e1", folder));

        Assert.Contains($"'{name}'", error.Message);
        Assert.False(Directory.Exists(folder));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task AFolderDownloadOfNoFilesMakesNoFolder()
    {
        var api = new FakeApi().Json(HttpMethod.Get, Listing, Array.Empty<AdversarialFile>());
        string folder = Path.Combine(Path.GetTempPath(), $"mtlattack-client-{Guid.NewGuid():N}");

        Assert.Empty(await TestClient.For(api).DownloadAdversarialFilesAsync("e1", folder));
        Assert.False(Directory.Exists(folder));
    }

    // Synchronous: Progress<T> would post to the thread pool and the list could be read before it is filled.
    private sealed class Collect(List<string> names) : IProgress<DownloadedFile>
    {
        public void Report(DownloadedFile value) => names.Add(value.File.Name);
    }
}
