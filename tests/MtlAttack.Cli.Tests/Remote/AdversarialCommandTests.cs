using System.Net;
using MtlAttack.Api.Contracts;
using MtlAttack.Testing;

namespace MtlAttack.Cli.Tests.Remote;

public sealed class AdversarialCommandTests
{
    private const string Listing = "/v1/evaluations/e1/adversarial";
    private static readonly EvaluationInfo Running = new("e1", "tiny.v1", EvaluationStates.Running, 0, 4);
    private static readonly byte[] Strip = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 7, 7];
    private static readonly byte[] Tensors = [16, 0, 0, 0, 0, 0, 0, 0, .. "{}              "u8];

    private static readonly AdversarialFile[] Files =
    [
        new("fgsm-dgba-eps4.png", AdversarialMediaTypes.Png, Strip.Length),
        new("fgsm-dgba-eps4.safetensors", AdversarialMediaTypes.SafeTensors, Tensors.Length),
    ];

    private static FakeApi Serving(params AdversarialFile[] files) => new FakeApi()
        .Json(HttpMethod.Get, Listing, files)
        .Bytes(HttpMethod.Get, $"{Listing}/fgsm-dgba-eps4.png", Strip, AdversarialMediaTypes.Png)
        .Bytes(HttpMethod.Get, $"{Listing}/fgsm-dgba-eps4.safetensors", Tensors, AdversarialMediaTypes.SafeTensors);

    [Fact]
    public async Task Start_sends_save_adversarial_and_says_how_to_fetch_them()
    {
        var api = new FakeApi().Json(HttpMethod.Post, "/v1/evaluations", Running, HttpStatusCode.Accepted);

        var run = await RemoteCli.Invoke(api, "evaluations", "start", "--model", "tiny.v1", "--dataset", "synthetic", "--save-adversarial", "2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var body = api.Single(HttpMethod.Post, "/v1/evaluations").JsonBody;
        Assert.Equal(["modelId", "dataset", "saveAdversarial"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, body.GetProperty("saveAdversarial").GetInt32());
        Assert.Contains("mtlattack evaluations adversarial e1 --out DIR (once it completes)", run.Output);
    }

    [Theory]
    [InlineData("0", "--save-adversarial must be a positive whole number")]
    [InlineData("65", "--save-adversarial is at most 64 examples per cell, got 65.")]
    public async Task Start_rejects_a_save_adversarial_the_server_would_refuse(string value, string expected)
    {
        var api = new FakeApi();

        var run = await RemoteCli.Invoke(api, "evaluations", "start", "--model", "m", "--dataset", "synthetic", "--save-adversarial", value);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(expected, run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Adversarial_downloads_every_listed_file_with_a_line_each_and_a_summary()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "examples");
        var api = Serving(Files);

        var run = await RemoteCli.Invoke(api, "evaluations", "adversarial", "e1", "--out", folder);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(Strip, File.ReadAllBytes(Path.Combine(folder, "fgsm-dgba-eps4.png")));
        Assert.Equal(Tensors, File.ReadAllBytes(Path.Combine(folder, "fgsm-dgba-eps4.safetensors")));
        Assert.Equal(["fgsm-dgba-eps4.png", "fgsm-dgba-eps4.safetensors"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(api.Requests, r => Assert.Equal(RemoteCli.Key, r.ApiKey));
        var lines = run.Output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(
        [
            $"Wrote {Path.Combine(folder, "fgsm-dgba-eps4.png")} (10 bytes)",
            $"Wrote {Path.Combine(folder, "fgsm-dgba-eps4.safetensors")} (24 bytes)",
            $"Downloaded 2 files (34 bytes) of evaluation e1 into {folder}.",
        ], lines);
    }

    [Fact]
    public async Task Adversarial_of_an_evaluation_that_saved_none_says_so_and_writes_nothing()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "examples");
        var api = Serving();

        var run = await RemoteCli.Invoke(api, "evaluations", "adversarial", "e1", "--out", folder);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Evaluation e1 saved no adversarial examples; start one with --save-adversarial N", run.Output);
        Assert.False(Directory.Exists(folder));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Adversarial_of_a_running_evaluation_exits_2_with_the_servers_words()
    {
        using var temp = new TempFolder();
        var api = new FakeApi().Problem(HttpMethod.Get, Listing, HttpStatusCode.Conflict, "Conflict",
            "Evaluation e1 is still running (1 of 4 batches); its adversarial examples will be ready once it completes.");

        var run = await RemoteCli.Invoke(api, "evaluations", "adversarial", "e1", "--out", temp.File("examples"));

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal("error: 409 Conflict: Evaluation e1 is still running (1 of 4 batches); its adversarial examples will be ready once it completes.", run.Error.Trim());
        Assert.False(Directory.Exists(temp.File("examples")));
    }

    [Fact]
    public async Task A_file_that_fails_to_download_leaves_no_partial_file_behind()
    {
        using var temp = new TempFolder();
        var api = new FakeApi()
            .Json(HttpMethod.Get, Listing, Files)
            .Bytes(HttpMethod.Get, $"{Listing}/fgsm-dgba-eps4.png", Strip, AdversarialMediaTypes.Png)
            .Problem(HttpMethod.Get, $"{Listing}/fgsm-dgba-eps4.safetensors", HttpStatusCode.ServiceUnavailable, "The service is unavailable", "Retry shortly.");

        var run = await RemoteCli.Invoke(api, "evaluations", "adversarial", "e1", "--out", temp.Path);

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Equal("error: 503 The service is unavailable: Retry shortly.", run.Error.Trim());
        Assert.Equal(["fgsm-dgba-eps4.png"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("../escaped.png")]
    [InlineData("..")]
    public async Task A_listed_name_that_is_not_a_plain_file_name_is_refused_before_anything_is_written(string name)
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "examples");
        var api = Serving(Files[0], new AdversarialFile(name, AdversarialMediaTypes.Png, 1));

        var run = await RemoteCli.Invoke(api, "evaluations", "adversarial", "e1", "--out", folder);

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Contains($"'{name}'", run.Error);
        Assert.Contains("not a plain file name", run.Error);
        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Adversarial_needs_out_and_refuses_a_file_there()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("taken"), "x");
        var api = Serving(Files);

        var missing = await RemoteCli.Invoke(api, "evaluations", "adversarial", "e1");
        var onFile = await RemoteCli.Invoke(api, "evaluations", "adversarial", "e1", "--out", temp.File("taken"));

        Assert.True(missing.ExitCode == ExitCodes.Usage, missing.ToString());
        Assert.Contains("'--out' is required", missing.Error);
        Assert.True(onFile.ExitCode == ExitCodes.Usage, onFile.ToString());
        Assert.Contains("is a file; give a folder", onFile.Error);
        Assert.Empty(api.Requests);
    }
}
