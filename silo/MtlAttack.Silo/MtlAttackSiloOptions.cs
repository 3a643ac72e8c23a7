using MtlAttack.Core.Evaluation;
using MtlAttack.Grains.Tenants;

namespace MtlAttack.Silo;

/// <summary>The <c>MtlAttack:Silo</c> configuration section.</summary>
public sealed class MtlAttackSiloOptions
{
    public const string Section = "MtlAttack:Silo";

    /// <summary><c>embedded</c> (localhost clustering, local state) or <c>clustered</c> (PostgreSQL).</summary>
    public string Mode { get; set; } = SiloModes.Embedded;

    /// <summary><c>auto</c> (what libtorch sees), <c>cuda</c> or <c>cpu</c>: published as silo metadata.</summary>
    public string Accelerator { get; set; } = "auto";

    /// <summary>
    /// Whether models that need cuda may run on CPU silos when the cluster has no cuda silo. Unset: allowed in
    /// embedded mode (a laptop has no GPU), refused in clustered mode.
    /// </summary>
    public bool? AllowCpuFallback { get; set; }

    /// <summary>
    /// Whether tenants may register TorchScript models (model.json with <c>"format": "torchscript"</c> beside the
    /// archive). A TorchScript archive is code, written by whoever uploads it, that libtorch's interpreter runs inside
    /// this silo's process (never Python, never unpickled objects), with the silo's file and network access. Unset: on in
    /// embedded mode (one user, their own models), off in clustered mode, where the operator decides. Set it the same on
    /// every silo: any silo may host a model.
    /// </summary>
    public bool? AllowTorchScript { get; set; }

    /// <summary>Attack batches this silo runs on its device at once; waiting ones are served fairly across tenants.</summary>
    public int MaxConcurrentBatches { get; set; } = 1;

    /// <summary>
    /// Torch's intra-op threads in this silo's process; unset: <see cref="Core.Native.TorchThreads.Default"/> (one,
    /// reproducible and robust to busy cores; see there). Several concurrent batches use a core each anyway.
    /// </summary>
    public int? TorchThreads { get; set; }

    /// <summary>Embedded mode: the SQLite file that holds grain state (relative to the working directory).</summary>
    public string StatePath { get; set; } = Path.Combine(".mtlattack", "state.db");

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ClusterId { get; set; } = "mtlattack";
    public string ServiceId { get; set; } = "mtlattack";

    /// <summary>
    /// Clustered mode: the PostgreSQL connection string of the database that holds membership, grain state and reminders
    /// (e.g. <c>Host=db;Database=mtlattack;Username=mtlattack;Password=...</c>); create its schema with <c>mtlattack db init</c>.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>
    /// Clustered mode: the IP address or host name other silos and clients reach this silo at, published in the membership
    /// table. Empty: the address this machine's host name resolves to. The silo listens on every interface either way.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// The folders evaluations may read datasets from (<c>DatasetRoots:0</c>, ...); empty: any path. Set them on a
    /// service shared by several tenants.
    /// </summary>
    public List<string> DatasetRoots { get; set; } = [];

    /// <summary>Per-tenant limits (<c>Quotas:MaxRunningEvaluations</c>, <c>Quotas:MaxModels</c>, <c>Quotas:MaxQueuedBatches</c>).</summary>
    public TenantQuotas Quotas { get; set; } = new();

    /// <summary>
    /// How large one evaluation may be (<c>Limits:MaxAlgorithms</c>, <c>MaxObjectives</c>, <c>MaxEpsilons</c>,
    /// <c>MaxCells</c>, <c>MaxBatches</c>); larger requests are refused before anything is planned or stored.
    /// </summary>
    public EvaluationLimits Limits { get; set; } = new();

    /// <summary>Where traces and metrics go.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>The Orleans dashboard (<c>MtlAttack:Silo:Dashboard</c>): off unless asked for; the silo program turns it on.</summary>
    public DashboardSettings Dashboard { get; set; } = new();
}

/// <summary>The <c>MtlAttack:Silo:Dashboard</c> section: the Orleans dashboard served over HTTP by this silo.</summary>
public sealed class DashboardSettings
{
    public bool Enabled { get; set; }

    /// <summary>The HTTP port the dashboard listens on.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// Where it listens: <c>localhost</c> (the default: the dashboard has no authentication of its own), an IP address,
    /// or <c>*</c> for every interface (inside a container network, or behind a proxy that authenticates).
    /// </summary>
    public string Host { get; set; } = "localhost";
}

/// <summary>The <c>MtlAttack:Silo:Telemetry</c> section: exporters for traces and metrics.</summary>
public sealed class TelemetryOptions
{
    /// <summary>Print spans and metrics to the console.</summary>
    public bool Console { get; set; }

    /// <summary>OTLP endpoint (e.g. http://localhost:4317); none when empty. OTEL_EXPORTER_OTLP_* variables also apply.</summary>
    public string? OtlpEndpoint { get; set; }

    public bool Enabled => Console || !string.IsNullOrWhiteSpace(OtlpEndpoint);
}

public static class SiloModes
{
    public const string Embedded = "embedded";
    public const string Clustered = "clustered";
}
