using System.Net;
using MtlAttack.Api.Contracts;
using MtlAttack.Testing;

namespace MtlAttack.Cli.Tests.Remote;

public sealed class ModelCommandsTests
{
    private static readonly ModelInfo Registered = new("tiny.v1", ["segment_semantic", "depth_zbuffer"], "small", "shared", "cpu");

    private static FakeApi UploadAnswering() => new FakeApi().Json(HttpMethod.Post, "/v1/models", Registered, HttpStatusCode.Created);

    private static string WriteCheckpoint(string folder, string spec = "{\"backbone\":\"small\"}", bool weights = true)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "model.json"), spec);
        if (weights) File.WriteAllText(Path.Combine(folder, "weights.safetensors"), "WEIGHTS");
        return folder;
    }

    [Fact]
    public async Task Upload_sends_the_checkpoint_with_name_and_accelerator()
    {
        using var temp = new TempFolder();
        string checkpoint = WriteCheckpoint(temp.File("ckpt"));
        var api = UploadAnswering();

        var run = await RemoteCli.Invoke(api, "models", "upload", "--model", checkpoint, "--name", "tiny.v1", "--accelerator", "cuda");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var request = api.Single(HttpMethod.Post, "/v1/models");
        Assert.Equal(RemoteCli.Key, request.ApiKey);
        Assert.Equal(["spec", "weights", "name", "accelerator"], request.Parts.Select(p => p.Name));
        Assert.Equal("WEIGHTS", request.Part("weights").Text);
        Assert.Equal("cuda", request.Part("accelerator").Text);
        Assert.Contains($"Uploaded {checkpoint} as model 'tiny.v1'.", run.Output);
        Assert.Contains("Tasks:       segment_semantic, depth_zbuffer", run.Output);
        Assert.Contains("Loaded:      no", run.Output);
    }

    [Fact]
    public async Task Upload_of_a_TorchScript_folder_sends_the_archive_its_model_json_names()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "torchscript", "nyu3-scripted");
        var api = new FakeApi().Json(HttpMethod.Post, "/v1/models",
            new ModelInfo("nyu3", ["segment_semantic", "normal", "depth_zbuffer"], "torchscript", "torchscript", "cpu", Format: "torchscript"), HttpStatusCode.Created);

        var run = await RemoteCli.Invoke(api, "models", "upload", "--model", folder, "--name", "nyu3");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var request = api.Single(HttpMethod.Post, "/v1/models");
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "model.json")), request.Part("spec").Text);
        Assert.Equal("model.pt", request.Part("weights").FileName);
        // The recorder keeps parts as UTF-8 text: the archive's bytes read the same way.
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "model.pt")), request.Part("weights").Text);
        Assert.Contains("Format:      torchscript", run.Output);
    }

    [Fact]
    public async Task Upload_of_a_TorchScript_folder_without_its_archive_is_a_usage_error_naming_it()
    {
        using var temp = new TempFolder();
        string checkpoint = WriteCheckpoint(temp.File("ts"), spec: """{"format":"torchscript","file":"net.pt"}""", weights: false);
        var api = UploadAnswering();

        var run = await RemoteCli.Invoke(api, "models", "upload", "--model", checkpoint);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("names the TorchScript file net.pt", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Upload_of_a_training_folder_sends_its_best_checkpoint()
    {
        using var temp = new TempFolder();
        WriteCheckpoint(temp.File("last"), spec: "last");
        WriteCheckpoint(temp.File("best"), spec: "best");
        var api = UploadAnswering();

        var run = await RemoteCli.Invoke(api, "models", "upload", "--model", temp.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var request = api.Single(HttpMethod.Post, "/v1/models");
        Assert.Equal("best", request.Part("spec").Text);
        Assert.Equal(["spec", "weights"], request.Parts.Select(p => p.Name));
    }

    [Fact]
    public async Task Upload_without_weights_is_a_usage_error_naming_the_file()
    {
        using var temp = new TempFolder();
        string checkpoint = WriteCheckpoint(temp.File("ckpt"), weights: false);
        var api = UploadAnswering();

        var run = await RemoteCli.Invoke(api, "models", "upload", "--model", checkpoint);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.StartsWith("error: --model: ", run.Error);
        Assert.Contains("has no weights.safetensors", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Upload_of_a_folder_without_a_checkpoint_is_a_usage_error()
    {
        using var temp = new TempFolder();
        var api = UploadAnswering();

        var run = await RemoteCli.Invoke(api, "models", "upload", "--model", temp.Path);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("holds no model.json", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Upload_accepts_only_known_accelerators()
    {
        var api = UploadAnswering();
        var run = await RemoteCli.Invoke(api, "models", "upload", "--model", "x", "--accelerator", "tpu");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("tpu", run.Error);
        Assert.Contains("mtlattack models upload --help", run.Error);
    }

    [Fact]
    public async Task List_prints_a_table_of_the_models()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/models", (ModelInfo[])[Registered, Registered with { Id = "wide.v2", Backbone = "resnet18" }]);

        var run = await RemoteCli.Invoke(api, "models", "list");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("tiny.v1") && l.Contains("small") && l.Contains("segment_semantic, depth_zbuffer"));
        Assert.Contains(lines, l => l.Contains("wide.v2") && l.Contains("resnet18"));
    }

    [Fact]
    public async Task List_of_nothing_says_how_to_add_a_model()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/models", Array.Empty<ModelInfo>());
        var run = await RemoteCli.Invoke(api, "models", "list");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("No models registered; add one with 'mtlattack models upload --model DIR'.", run.Output);
    }

    [Fact]
    public async Task Show_prints_the_model_and_where_it_is_loaded()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/models/tiny.v1", Registered with { Silo = "silo-gpu-1", Device = "cuda:0" });

        var run = await RemoteCli.Invoke(api, "models", "show", "tiny.v1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Model:       tiny.v1", run.Output);
        Assert.Contains("Layout:      shared", run.Output);
        Assert.Contains("Loaded:      on silo-gpu-1, device cuda:0", run.Output);
    }

    [Fact]
    public async Task Show_needs_an_id()
    {
        var api = new FakeApi();
        var run = await RemoteCli.Invoke(api, "models", "show");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("mtlattack models show --help", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Delete_sends_a_delete_with_the_key_and_says_so()
    {
        var api = new FakeApi().NoContent(HttpMethod.Delete, "/v1/models/tiny.v1");

        var run = await RemoteCli.Invoke(api, "models", "delete", "tiny.v1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(RemoteCli.Key, api.Single(HttpMethod.Delete, "/v1/models/tiny.v1").ApiKey);
        Assert.Single(api.Requests);
        Assert.Equal("Deleted model 'tiny.v1'.", run.Output.Trim());
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Delete_of_a_model_still_being_evaluated_exits_2_with_the_servers_words()
    {
        var api = new FakeApi().Problem(HttpMethod.Delete, "/v1/models/tiny.v1", HttpStatusCode.Conflict, "Model in use",
            "Evaluation 'acme.e1' of model 'tiny.v1' is still running; cancel it or wait for it to finish.");

        var run = await RemoteCli.Invoke(api, "models", "delete", "tiny.v1");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal("error: 409 Model in use: Evaluation 'acme.e1' of model 'tiny.v1' is still running; cancel it or wait for it to finish.",
            run.Error.Trim());
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Delete_of_an_unknown_model_exits_2()
    {
        var api = new FakeApi().Problem(HttpMethod.Delete, "/v1/models/nope", HttpStatusCode.NotFound, "Not found", "No model 'nope'.");

        var run = await RemoteCli.Invoke(api, "models", "delete", "nope");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal("error: 404 Not found: No model 'nope'.", run.Error.Trim());
        Assert.Equal("", run.Output);
    }
}
