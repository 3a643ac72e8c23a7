namespace MtlAttack.Api;

/// <summary>The <c>MtlAttack:Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "MtlAttack:Api";

    /// <summary>
    /// Where uploaded checkpoints (<c>models/TENANT/ID.UPLOAD/</c>) and the adversarial examples and reports of
    /// evaluations that save them (<c>evaluations/TENANT/GUID/</c>) are kept. Every silo must read and write the same
    /// folder at the same path: a shared volume in a cluster.
    /// </summary>
    public string BlobPath { get; set; } = Path.Combine(".mtlattack", "blobs");

    /// <summary>The largest weights file an upload may carry, in bytes (default 512 MiB; DeepLab ResNet-34 is about 90 MB).</summary>
    public long MaxCheckpointBytes { get; set; } = 512L << 20;

    /// <summary>The largest model.json an upload may carry, in bytes.</summary>
    public long MaxSpecBytes { get; set; } = 1L << 20;

    /// <summary>Where tenants and their hashed API keys live.</summary>
    public TenantStoreOptions Tenants { get; set; } = new();

    /// <summary>Exporters for the API's own traces (a co-hosted silo exports through its own settings).</summary>
    public ApiTelemetryOptions Telemetry { get; set; } = new();
}

/// <summary>The <c>MtlAttack:Api:Tenants</c> section: a PostgreSQL connection string, else a SQLite file.</summary>
public sealed class TenantStoreOptions
{
    /// <summary>The SQLite file for embedded and single-node use.</summary>
    public string SqlitePath { get; set; } = Path.Combine(".mtlattack", "state.db");

    /// <summary>A PostgreSQL connection string; when set it wins over <see cref="SqlitePath"/>.</summary>
    public string? Postgres { get; set; }
}

public sealed class ApiTelemetryOptions
{
    public bool Console { get; set; }

    public string? OtlpEndpoint { get; set; }
}
