using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MtlAttack.Grains.Tests;
using Xunit.Abstractions;

namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>
/// The clustered mode's promise: silos that find each other through PostgreSQL membership keep an evaluation going
/// while the cluster changes under it, and the numbers are those of the embedded mode.
/// </summary>
public sealed class ClusterFailoverTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly TempFolder folder = new();

    [PostgresFact]
    public async Task TwoSilosRunAnEvaluationOneStopsANewOneJoinsAndItCompletesWithEveryBatchOnceAndTheEmbeddedNumbers()
    {
        string checkpoint = TinyModels.Save(folder.Sub("tiny"));
        string reference = await ReferenceRuns.EmbeddedReportJson(folder, checkpoint, Request(ModelKey.Create("clustered", "m")));

        var cluster = new ClusteredHosts(database.ConnectionString);
        // The model asks for cuda: it goes to the first silo (labelled cuda), so stopping that one moves the work.
        var first = await cluster.StartSilo(Accelerators.Cuda, o => o.AllowCpuFallback = true);
        var second = await cluster.StartSilo(Accelerators.Cpu, o => o.AllowCpuFallback = true);
        IHost? third = null;
        try
        {
            using var client = await cluster.StartClient();
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var tenant = grains.GetGrain<ITenantGrain>("clustered");
            var model = await tenant.RegisterModel("m", checkpoint);
            Assert.Equal(ClusteredHosts.AddressOf(first).ToParsableString(), model.Silo);

            string id = await tenant.StartEvaluation(Request(ModelKey.Create("clustered", "m")));
            var evaluation = grains.GetGrain<IEvaluationGrain>(id);
            EvaluationStatus status;
            while ((status = await evaluation.GetStatus()).BatchesDone < 4) await Task.Delay(20);
            Assert.True(status.BatchesDone < status.BatchesTotal, "the silo must stop part-way through");
            var stoppedAt = status;

            await first.StopAsync();
            third = await cluster.StartSilo(Accelerators.Cuda, o => o.AllowCpuFallback = true);

            status = await ReferenceRuns.UntilFinished(evaluation);
            Assert.Equal(EvaluationState.Completed, status.State);
            Assert.Equal(status.BatchesTotal, status.BatchesDone);
            // Every batch counted once: a batch merged twice (or lost) would change the numbers.
            Assert.Equal(reference, await evaluation.GetReportJson());
            // The model left the stopped silo: the rest of the work ran elsewhere.
            Assert.NotEqual(ClusteredHosts.AddressOf(first).ToParsableString(), (await grains.GetGrain<IModelGrain>("clustered/m").Describe()).Silo);
            output.WriteLine($"stopped the model's silo at {stoppedAt.BatchesDone}/{stoppedAt.BatchesTotal} batches; finished {status.BatchesDone}/{status.BatchesTotal}");

            var active = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(
                new[] { ClusteredHosts.AddressOf(second), ClusteredHosts.AddressOf(third) }.Order(),
                active.Keys.Order());
            await client.StopAsync();
        }
        finally
        {
            foreach (var silo in new[] { third, second, first })
            {
                if (silo is null) continue;
                await silo.StopAsync();
                silo.Dispose();
            }
        }
    }

    private static EvaluationRequest Request(ModelKey model) => new()
    {
        Model = model,
        Dataset = TinyModels.Dataset,
        Algorithms = ["fgsm", "pgd"],
        Objectives = ["single", "dgba"],
        Epsilons = [2, 4],
        Steps = 5,
        BatchSize = 2,
        Seed = 3,
    };

    public void Dispose() => folder.Dispose();
}
