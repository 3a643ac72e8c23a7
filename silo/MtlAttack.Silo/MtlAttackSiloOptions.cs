namespace MtlAttack.Silo;

/// <summary>The <c>MtlAttack:Silo</c> configuration section.</summary>
public sealed class MtlAttackSiloOptions
{
    public const string Section = "MtlAttack:Silo";

    /// <summary><c>embedded</c> (localhost clustering, local state) or <c>clustered</c> (PostgreSQL).</summary>
    public string Mode { get; set; } = SiloModes.Embedded;

    /// <summary><c>auto</c> (what libtorch sees), <c>cuda</c> or <c>cpu</c>: published as silo metadata.</summary>
    public string Accelerator { get; set; } = "auto";

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ClusterId { get; set; } = "mtlattack";
    public string ServiceId { get; set; } = "mtlattack";
}

public static class SiloModes
{
    public const string Embedded = "embedded";
    public const string Clustered = "clustered";
}
