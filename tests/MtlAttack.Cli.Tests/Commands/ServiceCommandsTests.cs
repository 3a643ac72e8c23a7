using MtlAttack.Silo;

namespace MtlAttack.Cli.Tests.Commands;

public class TenantsCommandTests
{
    [Fact]
    public async Task CreateIssuesAKeyOnceListCountsKeysAndMistakesAreUsageErrors()
    {
        using var folder = new TempFolder();
        string state = folder.File("state");

        var created = await CliRun.Invoke("tenants", "create", "acme", "--state", state, "-q");
        Assert.Equal(ExitCodes.Success, created.ExitCode);
        string key = created.Output.Trim();
        Assert.StartsWith("mtl_", key);
        Assert.DoesNotContain('\n', key);

        var again = await CliRun.Invoke("tenants", "create", "acme", "--state", state);
        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("already exists", again.Error);

        var second = await CliRun.Invoke("tenants", "key", "acme", "--state", state);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Contains("shown only now", second.Output);
        Assert.DoesNotContain(key, second.Output);

        var list = await CliRun.Invoke("tenants", "list", "--state", state);
        Assert.Matches(@"acme\s+2 keys", list.Output);

        var revoked = await CliRun.Invoke("tenants", "revoke", key, "--state", state);
        Assert.Equal(ExitCodes.Success, revoked.ExitCode);
        Assert.Contains("Revoked a key of tenant 'acme'", revoked.Output);
        Assert.Matches(@"acme\s+1 key\b", (await CliRun.Invoke("tenants", "list", "--state", state)).Output);
        var twice = await CliRun.Invoke("tenants", "revoke", key, "--state", state);
        Assert.Equal(ExitCodes.Usage, twice.ExitCode);
        Assert.Contains("revoked already", twice.Error);
        // Only hashes are stored: the key itself appears nowhere in the state.
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(Path.Combine(state, "state.db")));

        Assert.Equal(ExitCodes.Usage, (await CliRun.Invoke("tenants", "create", "Bad Name", "--state", state)).ExitCode);
        var unknown = await CliRun.Invoke("tenants", "key", "nobody", "--state", state);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("tenants create nobody", unknown.Error);
    }
}

[Collection(TinyModelCollection.Name)]
public class ServeCommandTests(TinyModel model)
{
    [Fact]
    public async Task ServeAnswersTheRemoteCliAndKeepsItsStateAcrossRestarts()
    {
        using var folder = new TempFolder();
        string state = folder.File("state");
        string key = (await CliRun.Invoke("tenants", "create", "acme", "--state", state, "-q")).Output.Trim();

        string evaluation;
        await using (var server = await Server.StartAsync(state))
        {
            var upload = await server.Remote(key, "models", "upload", "--model", model.Directory, "--name", "tiny");
            Assert.True(upload.ExitCode == ExitCodes.Success, upload.ToString());
            var start = await server.Remote(key, "evaluations", "start", "--model", "tiny", "--dataset", TinyModel.Dataset,
                "--algorithms", "fgsm", "--objectives", "total,dgba", "--eps", "4", "--max-samples", "4", "--wait");
            Assert.True(start.ExitCode == ExitCodes.Success, start.ToString());
            evaluation = System.Text.RegularExpressions.Regex.Match(start.Output, @"evaluation (\S+) of model").Groups[1].Value;
            Assert.NotEmpty(evaluation);

            // Another tenant's key sees nothing of it; an unknown key is refused.
            string other = (await CliRun.Invoke("tenants", "create", "other", "--state", state, "-q")).Output.Trim();
            var foreign = await server.Remote(other, "evaluations", "status", evaluation);
            Assert.Equal(ExitCodes.Usage, foreign.ExitCode);
            Assert.Contains("404", foreign.Error);
            Assert.Contains("401", (await server.Remote("mtl_wrong", "models", "list")).Error);
        }

        await using (var server = await Server.StartAsync(state))
        {
            var models = await server.Remote(key, "models", "list");
            Assert.Contains("tiny", models.Output);
            var report = await server.Remote(key, "evaluations", "report", evaluation, "--format", "md");
            Assert.True(report.ExitCode == ExitCodes.Success, report.ToString());
            Assert.Contains("fgsm x dgba", report.Output);
        }
    }

    [Fact]
    public async Task ServeSweepsDeadUploadsAndConfinesDatasetsToItsDatasetsFolder()
    {
        using var folder = new TempFolder();
        string state = folder.File("state");
        string key = (await CliRun.Invoke("tenants", "create", "acme", "--state", state, "-q")).Output.Trim();
        // What a serve killed mid-upload left behind, and a dataset put where serve reads datasets by default.
        string deadUpload = Directory.CreateDirectory(Path.Combine(state, "blobs", "models", "acme", ".upload-0123456789abcdef")).FullName;
        File.WriteAllBytes(Path.Combine(deadUpload, "weights.safetensors"), [1, 2, 3]);
        File.SetLastWriteTimeUtc(Path.Combine(deadUpload, "weights.safetensors"), DateTime.UtcNow.AddHours(-1));
        Directory.SetLastWriteTimeUtc(deadUpload, DateTime.UtcNow.AddHours(-1));
        var scenes = new MtlAttack.Core.Datasets.Synthetic.SyntheticScenes(new() { Count = 10, Size = 16, Seed = 2 });
        MtlAttack.Core.Datasets.DatasetWriter.Write(scenes, Path.Combine(state, "datasets", "scenes"), MtlAttack.Core.Datasets.DatasetFormat.NyuV2);

        await using var server = await Server.StartAsync(state);
        Assert.False(Directory.Exists(deadUpload), "the staging folder of an upload that never finished is still there");
        Assert.True((await server.Remote(key, "models", "upload", "--model", model.Directory, "--name", "tiny")).ExitCode == ExitCodes.Success);

        var answers = new List<string>();
        foreach (var path in new[] { "/etc", "/dev/zero", $"/nonexistent-{Guid.NewGuid():N}" })
        {
            var refused = await server.Remote(key, "evaluations", "start", "--model", "tiny", "--dataset", $"nyuv2:{path}");
            Assert.Equal(ExitCodes.Usage, refused.ExitCode);
            answers.Add(refused.Error.Replace($"'{path}'", "'PATH'", StringComparison.Ordinal));
        }
        Assert.Single(answers.Distinct());
        Assert.Contains("outside the folders this service reads datasets from", answers[0]);

        // Past Kestrel's default request-line limit (8 KB), where Kestrel itself would answer an empty 414.
        using (var http = new HttpClient())
        {
            var tooLong = await http.GetAsync($"{server.Url}/v1/health?padding={new string('a', 20_000)}");
            Assert.Equal(414, (int)tooLong.StatusCode);
            Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
        }

        var relative = await server.Remote(key, "evaluations", "start", "--model", "tiny", "--dataset", "nyuv2:scenes,size=16",
            "--algorithms", "fgsm", "--objectives", "total", "--eps", "4", "--max-samples", "2", "--wait");
        Assert.True(relative.ExitCode == ExitCodes.Success, relative.ToString());
    }

    /// <summary><c>mtlattack serve</c> running in this process until disposed.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private Task<int> run = null!;
        private readonly StringWriter output = new(), error = new();

        public string Url { get; private init; } = "";

        public static async Task<Server> StartAsync(string state)
        {
            var server = new Server { Url = $"http://127.0.0.1:{LocalPorts.Free()}" };
            server.run = CliApp.RunAsync(["serve", "--urls", server.Url, "--state", state], server.output, server.error, server.stop.Token);
            using var http = new HttpClient();
            for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(100))
            {
                if (server.run.IsCompleted) throw new InvalidOperationException($"serve exited: {server.error}");
                try { if ((await http.GetAsync($"{server.Url}/v1/health")).IsSuccessStatusCode) return server; }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline) { }
            }
        }

        public Task<CliRun> Remote(string key, params string[] args) => CliRun.Invoke(["--server", Url, "--api-key", key, .. args]);

        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            Assert.Equal(ExitCodes.Success, await run);
            Assert.Contains("MtlAttack API on", output.ToString());
        }
    }
}
