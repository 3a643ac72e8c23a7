namespace MtlAttack.Grains.Tests;

/// <summary>Bad requests fail with an error that says what to change, and the service keeps serving.</summary>
[Collection(ServiceClusterCollection.Name)]
public class BadRequestTests(ServiceCluster service)
{
    private readonly IClusterClient client = service.Client;

    private async Task<string> Refused(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<MtlAttackException>(call);
        // Still serving: a good request right after the bad one works.
        Assert.NotEmpty(await client.GetGrain<ITenantGrain>("good").RegisterModel("ok", service.Checkpoint) is { } d ? d.Tasks : []);
        return error.Message;
    }

    [Fact]
    public async Task UnknownModel()
    {
        var tenant = client.GetGrain<ITenantGrain>("bad1");
        string message = await Refused(() => tenant.StartEvaluation(service.Request(ModelKey.Create("bad1", "nope"))));
        Assert.Contains("has no model 'nope'", message);
        // Straight to an evaluation grain with another model's registration: refused before anything is planned; and a
        // model grain never registered says so.
        var other = new ModelRegistration(ModelKey.Create("bad1", "other"), "/nowhere", Accelerators.Cpu);
        Assert.Contains("was given the registration of bad1/other", await Refused(() => client.GetGrain<IEvaluationGrain>("x1").Start(service.Request(ModelKey.Create("bad1", "nope")), other)));
        Assert.Contains("is not registered", await Refused(() => client.GetGrain<IModelGrain>("bad1/nope").Describe()));
    }

    [Fact]
    public async Task DatasetsOutsideTheConfiguredFoldersAreRefused()
    {
        await client.GetGrain<ITenantGrain>("roots").RegisterModel("m", service.Checkpoint);
        var tenant = client.GetGrain<ITenantGrain>("roots");
        foreach (var outside in new[] { "nyuv2:/etc", $"nyuv2:{service.DatasetRoot}/../elsewhere", $"mtan:{service.DatasetRoot}-sibling" })
        {
            string message = await Refused(() => tenant.StartEvaluation(service.Request(ModelKey.Create("roots", "m"), r => r.Dataset = outside)));
            Assert.Contains("outside the folders this service reads datasets from", message);
        }
        // Inside the folder the check passes and the reader speaks: this folder holds no dataset.
        string inside = await Refused(() => tenant.StartEvaluation(service.Request(ModelKey.Create("roots", "m"), r => r.Dataset = $"nyuv2:{service.DatasetRoot}/nyu")));
        Assert.DoesNotContain("outside the folders", inside);
    }

    [Fact]
    public async Task AnotherTenantsModelReadsAsUnknown()
    {
        var key = ModelKey.Create("owner", "secret");
        await client.GetGrain<ITenantGrain>("owner").RegisterModel("secret", service.Checkpoint);
        string message = await Refused(() => client.GetGrain<ITenantGrain>("intruder").StartEvaluation(service.Request(key)));
        Assert.Contains("has no model 'secret'", message);
    }

    [Fact]
    public async Task UnknownTaskUnknownObjectiveAndUnknownAlgorithm()
    {
        await client.GetGrain<ITenantGrain>("bad2").RegisterModel("m", service.Checkpoint);
        var tenant = client.GetGrain<ITenantGrain>("bad2");
        var key = ModelKey.Create("bad2", "m");
        Assert.Contains("names task 'keypoints2d', which the model does not have",
            await Refused(() => tenant.StartEvaluation(service.Request(key, r => r.Objectives = ["single(keypoints2d)"]))));
        Assert.Contains("Unknown attack objective 'loudest'", await Refused(() => tenant.StartEvaluation(service.Request(key, r => r.Objectives = ["loudest"]))));
        Assert.Contains("Unknown attack algorithm 'cw'", await Refused(() => tenant.StartEvaluation(service.Request(key, r => r.Algorithms = ["cw"]))));
        Assert.Contains("at least one epsilon", await Refused(() => tenant.StartEvaluation(service.Request(key, r => r.Epsilons = []))));
        Assert.Empty(await tenant.Evaluations());
    }

    [Theory]
    [InlineData(-1, "must be a finite number >= 0")]
    [InlineData(double.NaN, "must be a finite number >= 0")]
    [InlineData(256, "outside the L-infinity budget of fgsm, 0..255 pixel units")]
    public async Task EpsilonOutsideItsNormsBound(double epsilon, string expected)
    {
        await client.GetGrain<ITenantGrain>("bad3").RegisterModel("m", service.Checkpoint);
        string message = await Refused(() => client.GetGrain<ITenantGrain>("bad3").StartEvaluation(service.Request(ModelKey.Create("bad3", "m"), r => r.Epsilons = [4, epsilon])));
        Assert.Contains(expected, message);
        Assert.DoesNotContain("Parameter", message);
    }

    [Fact]
    public async Task NaNWeightsAreRefusedAtRegistration()
    {
        var tenant = client.GetGrain<ITenantGrain>("bad4");
        string message = await Refused(() => tenant.RegisterModel("nan", service.NaNCheckpoint));
        Assert.Contains("Model bad4/nan cannot be loaded", message);
        Assert.Contains("NaN or infinite", message);
        Assert.Empty(await tenant.Models());
    }

    [Fact]
    public async Task MissingCheckpointAndBadNames()
    {
        var tenant = client.GetGrain<ITenantGrain>("bad5");
        Assert.Contains("cannot be loaded", await Refused(() => tenant.RegisterModel("gone", Path.Combine(service.Folder, "does-not-exist"))));
        Assert.Contains("model name 'Bad Name' is invalid", await Refused(() => tenant.RegisterModel("Bad Name", service.Checkpoint)));
        Assert.Contains("Unknown accelerator 'tpu'", await Refused(() => tenant.RegisterModel("m", service.Checkpoint, "tpu")));
    }

    [Fact]
    public async Task UnknownDatasetAndSplit()
    {
        await client.GetGrain<ITenantGrain>("bad6").RegisterModel("m", service.Checkpoint);
        var tenant = client.GetGrain<ITenantGrain>("bad6");
        var key = ModelKey.Create("bad6", "m");
        Assert.Contains("synthetic", await Refused(() => tenant.StartEvaluation(service.Request(key) with { Dataset = "imagenet:/x" })));
        Assert.Contains("no split 'val'", await Refused(() => tenant.StartEvaluation(service.Request(key) with { Split = "val" })));
    }
}
