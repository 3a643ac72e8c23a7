using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;

namespace MtlAttack.Silo.Tests;

/// <summary>The embedded silo end to end: SQLite state, reminders, a CPU-only machine running a cuda-wanting model.</summary>
public sealed class EmbeddedEvaluationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mtl-embedded-").FullName;

    private string StatePath => Path.Combine(folder, "state", "state.db");

    private IHost StartSilo()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddMtlAttackSilo(o =>
        {
            o.SiloPort = LocalPorts.Free();
            o.GatewayPort = LocalPorts.Free();
            o.ClusterId = "test-" + Guid.NewGuid().ToString("N");
            o.Accelerator = "cpu";
            o.StatePath = StatePath;
        });
        var host = builder.Build();
        host.Start();
        return host;
    }

    private string SaveTinyModel()
    {
        var dataset = new SyntheticScenes(new SyntheticSceneOptions { Count = 20, Size = 16, Seed = 4 });
        var spec = ModelSpec.Create(BackboneCatalog.CpuDefault, Layout.FullyShared(3, 5), dataset.Tasks, dataset.Normalization, 16, 16);
        using var network = MultiTaskNetwork.Create(spec, seed: 2);
        string directory = Path.Combine(folder, "model");
        network.Save(directory);
        return directory;
    }

    [Fact]
    public async Task EvaluatesThroughTheEmbeddedSiloAndKeepsStateInSqliteAcrossRestarts()
    {
        string checkpoint = SaveTinyModel();
        string reportDirectory = Path.Combine(folder, "report");
        string id;
        using (var host = StartSilo())
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var tenant = grains.GetGrain<ITenantGrain>("demo");
            // The model asks for cuda; embedded mode lets it fall back to this CPU silo.
            await tenant.RegisterModel("tiny", checkpoint);
            id = await tenant.StartEvaluation(new EvaluationRequest
            {
                Model = ModelKey.Create("demo", "tiny"),
                Dataset = "synthetic:count=20,size=16,seed=4",
                Algorithms = ["fgsm"],
                Objectives = ["total", "dgba"],
                Epsilons = [2],
                BatchSize = 2,
                ReportDirectory = reportDirectory,
            });
            var evaluation = grains.GetGrain<IEvaluationGrain>(id);
            EvaluationStatus status;
            while (!(status = await evaluation.GetStatus()).IsFinished) await Task.Delay(50);
            Assert.Equal(EvaluationState.Completed, status.State);
            Assert.Equal(6, status.BatchesDone);
            await host.StopAsync();
        }
        foreach (var file in new[] { "report.json", "report.csv", "report.md" })
            Assert.True(File.Exists(Path.Combine(reportDirectory, file)), file);
        Assert.True(File.Exists(StatePath));

        using (var host = StartSilo())
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            Assert.Equal(["tiny"], await grains.GetGrain<ITenantGrain>("demo").Models());
            Assert.Equal([id], await grains.GetGrain<ITenantGrain>("demo").Evaluations());
            var status = await grains.GetGrain<IEvaluationGrain>(id).GetStatus();
            Assert.Equal(EvaluationState.Completed, status.State);
            Assert.Equal(File.ReadAllText(Path.Combine(reportDirectory, "report.json")), await grains.GetGrain<IEvaluationGrain>(id).GetReportJson());
            await host.StopAsync();
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
