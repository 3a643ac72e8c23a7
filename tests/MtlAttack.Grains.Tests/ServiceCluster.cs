using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Grains.Evaluations;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace MtlAttack.Grains.Tests;

/// <summary>
/// A real three-silo cluster in this process: the second silo is labelled cuda, the others cpu (labels are what
/// placement reads; the tensors run on whatever libtorch has). Grain state in one SQLite file all silos share, so
/// it survives a silo; in-memory reminders; Orleans activity propagation for end-to-end traces.
/// </summary>
public class ServiceCluster : IAsyncLifetime
{
    public const string CudaSiloSuffix = "_1";

    private readonly TempFolder folder = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public string Folder => folder.Path;

    public string Checkpoint { get; private set; } = null!;

    public string NaNCheckpoint { get; private set; } = null!;

    /// <summary>The one folder evaluations may read datasets from (synthetic SPECs need none).</summary>
    public string DatasetRoot => folder.Sub("datasets");

    public virtual int SiloCount => 3;

    protected virtual bool AllowCpuFallback => false;

    /// <summary>Whether silos load TorchScript models (a clustered deployment's operator decides; on here).</summary>
    protected virtual bool AllowTorchScript => true;

    /// <summary>Attack batches each silo runs at once.</summary>
    protected virtual int MaxConcurrentBatches => 2;

    /// <summary>Attack grains one evaluation keeps busy at once.</summary>
    protected virtual int Shards => new EvaluationOptions().Shards;

    /// <summary>Per-tenant quotas; null: the service's defaults.</summary>
    protected virtual Tenants.TenantQuotas? Quotas => null;

    /// <summary>Which silos are labelled cuda, by name (Silo_0, Silo_1, ... in start order).</summary>
    protected virtual bool IsCudaSilo(string siloName) => siloName.EndsWith(CudaSiloSuffix, StringComparison.Ordinal);

    public async Task InitializeAsync()
    {
        Checkpoint = TinyModels.Save(folder.Sub("tiny"));
        NaNCheckpoint = TinyModels.Save(folder.Sub("nan"), withNaN: true);
        string database = folder.Sub("state.db");
        var builder = new InProcessTestClusterBuilder((short)SiloCount);
        builder.ConfigureSilo((options, silo) =>
        {
            string accelerator = IsCudaSilo(options.SiloName) ? Accelerators.Cuda : Accelerators.Cpu;
            silo.UseSiloMetadata(new Dictionary<string, string> { [SiloMetadataKeys.Accelerator] = accelerator });
            silo.AddMtlAttackGrains(AllowCpuFallback, maxConcurrentBatches: MaxConcurrentBatches, evaluation: o =>
            {
                o.Shards = Shards;
                o.RetryDelay = TimeSpan.FromMilliseconds(500);
                o.UnavailableDelay = TimeSpan.FromMilliseconds(200);
                o.DatasetRoots = [DatasetRoot];
            }, Quotas, models: o => o.AllowTorchScript = AllowTorchScript);
            AddStorage(silo, database);
            silo.UseInMemoryReminderService();
            silo.AddActivityPropagation();
        });
        builder.ConfigureClient(client => client.AddActivityPropagation());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Registers the grain storage under <see cref="GrainStorage.Name"/>: the shared SQLite file.</summary>
    protected virtual void AddStorage(ISiloBuilder silo, string database) => silo.AddSqliteGrainStorage(database);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        folder.Dispose();
    }

    public SiloHandle CudaSilo => Cluster.Silos.Single(s => s.Name.EndsWith(CudaSiloSuffix, StringComparison.Ordinal));

    /// <summary>
    /// An evaluation that is still running when a test acts on it at once: the tiny dataset has few test batches, so
    /// the length comes from many cells (seconds in all), each a short batch, so that cancelling it stops it promptly.
    /// Tests that use it cancel it.
    /// </summary>
    public EvaluationRequest LongRunning(ModelKey model) =>
        Request(model, r => { r.Algorithms = ["pgd"]; r.Epsilons = [.. TinyModels.ManyEpsilons]; }) with { Steps = 50 };

    public EvaluationRequest Request(ModelKey model, Action<EvaluationRequestBuilder>? tweak = null)
    {
        var b = new EvaluationRequestBuilder();
        tweak?.Invoke(b);
        return new EvaluationRequest
        {
            Model = model,
            Dataset = b.Dataset,
            Algorithms = b.Algorithms,
            Objectives = b.Objectives,
            Epsilons = b.Epsilons,
            Steps = 2,
            BatchSize = 2,
            Seed = 3,
            ReportDirectory = b.ReportDirectory,
        };
    }
}

public sealed class EvaluationRequestBuilder
{
    public List<string> Algorithms { get; set; } = ["fgsm", "pgd"];
    public List<string> Objectives { get; set; } = ["single", "dgba"];
    public List<double> Epsilons { get; set; } = [4];
    public string? ReportDirectory { get; set; }
    public string Dataset { get; set; } = TinyModels.Dataset;
}

[CollectionDefinition(Name)]
public sealed class ServiceClusterCollection : ICollectionFixture<ServiceCluster>
{
    public const string Name = "service cluster";
}
