using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MtlAttack.Grains.Tests;

namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>What the clustered tests compare against and how they wait: reports are deterministic by seed.</summary>
internal static class ReferenceRuns
{
    /// <summary>
    /// The report of <paramref name="request"/> run through an embedded silo (localhost clustering, SQLite state in
    /// <paramref name="folder"/>), uninterrupted. The model is registered under the request's tenant and name, as in
    /// the run it is compared with: reports name the model by its key.
    /// </summary>
    public static async Task<string> EmbeddedReportJson(TempFolder folder, string checkpoint, EvaluationRequest request)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddMtlAttackSilo(o =>
        {
            o.SiloPort = LocalPorts.Free();
            o.GatewayPort = LocalPorts.Free();
            o.ClusterId = "reference-" + Guid.NewGuid().ToString("N");
            o.Accelerator = Accelerators.Cpu;
            o.StatePath = folder.Sub("reference.db");
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var tenant = grains.GetGrain<ITenantGrain>(request.Model.Tenant);
        await tenant.RegisterModel(request.Model.Model, checkpoint);
        string id = await tenant.StartEvaluation(request);
        var status = await UntilFinished(grains.GetGrain<IEvaluationGrain>(id));
        Assert.Equal(EvaluationState.Completed, status.State);
        string json = (await grains.GetGrain<IEvaluationGrain>(id).GetReportJson())!;
        await host.StopAsync();
        return json;
    }

    // Polling also wakes the evaluation if it lived on a stopped silo (its reminder would, a minute later). Calls that
    // fail while the cluster learns about a stopped silo are retried; a deadline keeps a broken run from hanging.
    public static async Task<EvaluationStatus> UntilFinished(IEvaluationGrain evaluation)
    {
        EvaluationStatus? status = null;
        for (var deadline = DateTime.UtcNow.AddMinutes(5); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            try { status = await evaluation.GetStatus(); }
            catch (Exception e) when (e is not MtlAttackException) { continue; }
            if (status.IsFinished) return status;
        }
        throw new TimeoutException($"The evaluation did not finish; last status: {status}.");
    }
}
