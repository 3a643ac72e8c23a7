using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MtlAttack.Api.Endpoints;
using MtlAttack.Grains.Tests;

namespace MtlAttack.Api.Tests;

/// <summary>
/// Bring your own model through the API: a PyTorch network exported as TorchScript (a fixture no MtlAttack code made)
/// is uploaded with the SDK, evaluated by the cluster and reported with Core's numbers; every refusal is a 400 that
/// says what to change and leaves nothing registered or on disk.
/// </summary>
[Collection(ApiCollection.Name)]
public class TorchScriptUploadTests(ApiService service)
{
    [Fact]
    public async Task UploadEvaluateAndReportATorchScriptModel()
    {
        var (sdk, tenant) = await NewTenantAsync("ts-upload");
        var model = await sdk.UploadModelAsync(TorchScriptModels.Folder(TorchScriptModels.Nyu3), name: "nyu3", accelerator: "cpu");
        Assert.Equal("torchscript", model.Format);
        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], model.Tasks);
        Assert.Equal("torchscript", model.Backbone);
        Assert.NotNull(model.Silo);
        // Stored under the name model.json gives it, beside model.json.
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(service.BlobPath, "models", tenant)));
        Assert.Equal(["model.json", "model.pt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());

        var request = new StartEvaluationRequest
        {
            ModelId = "nyu3",
            Dataset = TorchScriptModels.Dataset,
            Algorithms = ["fgsm", "pgd"],
            Objectives = ["total", "dgba"],
            Epsilons = [4],
            Steps = 3,
            BatchSize = 4,
            Seed = 7,
        };
        var started = await sdk.StartEvaluationAsync(request);
        var done = await sdk.WaitForCompletionAsync(started.Id, pollInterval: TimeSpan.FromMilliseconds(50));
        Assert.True(done.State == EvaluationStates.Completed, done.Error);

        string report = await sdk.GetReportAsync(started.Id, ReportFormats.Json);
        // Core's own run of the same folder, as `mtlattack attack` runs it: the service adds nothing and loses nothing.
        string reference = CoreReference.ReportJson(ApiMapping.ToRequest(tenant, request), TorchScriptModels.Folder(TorchScriptModels.Nyu3));
        Assert.Equal(JsonNode.Parse(reference)!.ToJsonString(), JsonNode.Parse(report)!.ToJsonString());
        var cells = JsonDocument.Parse(report).RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(4, cells.Count);
        Assert.All(cells, c => Assert.Equal(3, c.GetProperty("tasks").EnumerateObject().Count()));
    }

    public static TheoryData<string, string?, string> Refusals => new()
    {
        { "dict-output", null, "returns a dict; MtlAttack needs a tuple of tensors in the order of model.json's tasks" },
        { "detached-head", null, "Task 'depth_zbuffer'" },
        { "zero-gradient-head", null, "input gradient is zero everywhere" },
        { "nan-output", null, "NaN or infinite" },
        { "four-channel", null, "The probe forward at the declared input size 32x32 failed" },
        { "nyu3-scripted", "two-tasks", "returns 3 tensors but model.json lists 2 tasks" },
        { "nyu3-scripted", "thirteen-classes", "the module returns 6 channels but the task needs 13" },
        { "nyu3-scripted", "not-an-archive", "'model.pt' is not a TorchScript archive" },
        { "nyu3-scripted", "file-outside", "must be a plain file name beside model.json" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EveryRefusalIsABadRequestThatSaysWhatToChangeAndLeavesNothing(string fixture, string? change, string detail)
    {
        // A fresh tenant, so that its listing and folder show only this upload.
        string owner = "ts-refused-" + (change ?? fixture);
        using var http = service.Http(await service.Tenants.CreateTenantAsync(owner));
        var (spec, archive) = Files(fixture, change);
        var answer = await http.PostAsync("/v1/models", Uploads.Form(spec, archive, name: "mine"));
        string message = await Problems.ExpectAsync(answer, HttpStatusCode.BadRequest);
        Assert.True(message.Contains(detail, StringComparison.Ordinal), message);
        Assert.DoesNotContain(service.BlobPath, message);
        Assert.DoesNotContain("frame #", message);

        var list = await http.GetFromJsonAsync<JsonElement>("/v1/models");
        Assert.Equal(0, list.GetArrayLength());
        string folder = Path.Combine(service.BlobPath, "models", owner);
        Assert.True(!Directory.Exists(folder) || Directory.GetFileSystemEntries(folder).Length == 0, "a refused upload leaves no folder");
    }

    [Fact]
    public async Task TheSdkSaysWhichFileATorchScriptFolderLacksBeforeSendingAnything()
    {
        var (sdk, _) = await NewTenantAsync("ts-missing");
        string folder = TorchScriptModels.Copy(TorchScriptModels.Nyu3, service.Sub("ts-missing-file"));
        File.Delete(Path.Combine(folder, "model.pt"));
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => sdk.UploadModelAsync(folder));
        Assert.Contains("names the TorchScript file model.pt", error.Message);
    }

    private async Task<(MtlAttackClient Sdk, string Tenant)> NewTenantAsync(string tenant)
    {
        string key = await service.Tenants.CreateTenantAsync(tenant);
        return (service.Sdk(key), tenant);
    }

    /// <summary>model.json and the archive of <paramref name="fixture"/>, with <paramref name="change"/> applied.</summary>
    private static (byte[] Spec, byte[] Archive) Files(string fixture, string? change)
    {
        string folder = TorchScriptModels.Folder(fixture);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "model.json")))!;
        byte[] archive = File.ReadAllBytes(Path.Combine(folder, "model.pt"));
        switch (change)
        {
            case null: break;
            case "two-tasks": ((JsonArray)spec["tasks"]!).RemoveAt(2); break;
            case "thirteen-classes": spec["tasks"]![0]!["classes"] = 13; break;
            case "not-an-archive": archive = Encoding.UTF8.GetBytes("not a zip"); break;
            case "file-outside": spec["file"] = "../elsewhere.pt"; break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, null);
        }
        return (Encoding.UTF8.GetBytes(spec.ToJsonString()), archive);
    }
}
