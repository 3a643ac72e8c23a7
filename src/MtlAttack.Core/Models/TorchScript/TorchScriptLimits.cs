namespace MtlAttack.Core.Models.TorchScript;

/// <summary>How large a TorchScript archive MtlAttack opens: its file, its unpacked size and entries, and each code file it reads.</summary>
public sealed record TorchScriptLimits
{
    /// <summary>As the API's checkpoint limit (MtlAttack:Api:MaxCheckpointBytes) by default.</summary>
    public long MaxFileBytes { get; init; } = 512L << 20;

    public long MaxUnpackedBytes { get; init; } = 2L << 30;

    public int MaxEntries { get; init; } = 100_000;

    public long MaxCodeBytes { get; init; } = 16L << 20;

    public static TorchScriptLimits Default { get; } = new();
}
