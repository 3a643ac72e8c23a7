using MtlAttack.Grains.Evaluations;

namespace MtlAttack.Grains.Tests;

/// <summary>A user's TorchScript network through the real cluster: registered, placed, evaluated, reported as Core reports it.</summary>
[Collection(ServiceClusterCollection.Name)]
public class TorchScriptServiceTests(ServiceCluster service)
{
    [Fact]
    public async Task ATorchScriptModelIsEvaluatedBesideItsGrainWithCoresNumbers()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("bring-your-own");
        var description = await tenant.RegisterModel("nyu3", TorchScriptModels.Folder(TorchScriptModels.Nyu3));
        Assert.Equal("torchscript", description.Format);
        Assert.Equal(ModelDescription.TorchScriptArchitecture, description.Backbone);
        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], description.Tasks);
        Assert.Equal(service.CudaSilo.SiloAddress.ToParsableString(), description.Silo);

        var request = service.Request(ModelKey.Create("bring-your-own", "nyu3"), r =>
        {
            r.Dataset = TorchScriptModels.Dataset;
            r.Algorithms = ["fgsm", "pgd"];
            r.Objectives = ["total", "dgba", "dgba-floor(0.1)"];
        });
        string id = await tenant.StartEvaluation(request);
        var evaluation = service.Client.GetGrain<IEvaluationGrain>(id);
        EvaluationStatus status;
        for (var deadline = DateTime.UtcNow.AddMinutes(3); !(status = await evaluation.GetStatus()).IsFinished && DateTime.UtcNow < deadline;)
            await Task.Delay(100);

        Assert.True(status.State == EvaluationState.Completed, status.ToString());
        Assert.Equal(CoreReference.ReportJson(request, TorchScriptModels.Folder(TorchScriptModels.Nyu3)), await evaluation.GetReportJson());
        // The attack shards ran beside the model, which holds the module loaded once.
        for (int shard = 0; shard < 2; shard++)
            Assert.Equal(description.Silo, await service.Client.GetGrain<IAttackGrain>($"{id}/{shard}").Silo());
    }

    [Theory]
    [InlineData("dict-output", "returns a dict")]
    [InlineData("detached-head", "Task 'depth_zbuffer'")]
    [InlineData("nan-output", "NaN or infinite")]
    public async Task AModuleThatCannotBeAttackedIsRefusedAndNothingIsRegistered(string fixture, string message)
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("refused-" + fixture);
        var error = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.RegisterModel("m", TorchScriptModels.Folder(fixture)));
        Assert.Equal(MtlAttackErrorKind.InvalidRequest, error.Kind);
        Assert.Contains(message, error.Message);
        Assert.Empty(await tenant.DescribeModels());
    }
}

/// <summary>A cluster whose operator has not allowed TorchScript: registering such a model is refused, naming the setting.</summary>
public sealed class NoTorchScriptCluster : ServiceCluster
{
    public override int SiloCount => 1;

    protected override bool AllowTorchScript => false;

    protected override bool IsCudaSilo(string siloName) => true;
}

public class TorchScriptNotAllowedTests(NoTorchScriptCluster service) : IClassFixture<NoTorchScriptCluster>
{
    [Fact]
    public async Task RegisteringATorchScriptModelIsRefusedNamingTheSetting()
    {
        var tenant = service.Client.GetGrain<ITenantGrain>("careful");
        var error = await Assert.ThrowsAsync<MtlAttackException>(() => tenant.RegisterModel("m", TorchScriptModels.Folder(TorchScriptModels.Nyu3)));
        Assert.Equal(MtlAttackErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("MtlAttack:Silo:AllowTorchScript", error.Message);
        Assert.Empty(await tenant.DescribeModels());
        // Native checkpoints are as welcome as ever.
        Assert.Equal("native", (await tenant.RegisterModel("native", service.Checkpoint)).Format);
    }
}
